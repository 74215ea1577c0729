-- Distinct conversations (`bench/conversations.py`): synchronous infer:true v1 adds over 10,000
-- scopes, no text repeated. wrk args (after `--`): bodies file (one JSON body a line, written by
-- bench/run.py), api_key, first (the line to start from, so consecutive runs never repeat one).

local bodies = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  wrk.method = "POST"
  wrk.path = "/v1/memories/"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Token " .. (args[2] or "mock-key")
  counter = tonumber(args[3]) or 0
end

function request()
  counter = counter + 1
  if counter > #bodies then
    error("bench/distinct.lua ran out of distinct bodies: write more")
  end
  return wrk.format(nil, nil, nil, bodies[counter])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,'
      .. '"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
