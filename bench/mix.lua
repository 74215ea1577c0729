-- The request mix every server gets: valid adds spread over many scopes, one in `invalid_every`
-- schema-invalid (but well-formed JSON, so the ceiling can parse it too).
-- wrk args (after `--`): scopes, invalid_every, api_key, first (the request number to start from,
-- so that consecutive runs continue the same sequence), fresh (1: every invalid body is new, with
-- a numbered metadata, as a fuzzer's are; 0, the default: the same four repeat, as a load script's).

local scopes = 10000
local invalid_every = 20
local counter = 0
local fresh = false

-- %d is the scope number (every shape uses the same scope fields, so there are exactly `scopes`
-- scopes: the mock's default --max-scopes is 10,000); the four answer shapes and both extraction
-- modes all appear.
local valid = {
  '{"messages":[{"role":"user","content":"Hi, I\'m Alex. I\'m a vegetarian and I live in Berlin."},'
    .. '{"role":"assistant","content":"Nice to meet you, Alex!"}],"user_id":"bench-user-%d"}',
  '{"messages":[{"role":"user","content":"I moved to Lisbon last month."}],'
    .. '"user_id":"bench-user-%d","metadata":{"source":"bench"},"output_format":"v1.1"}',
  '{"messages":[{"role":"system","content":"You are a travel assistant."},'
    .. '{"role":"user","content":"Book the 9:40 train to Porto on Friday."}],'
    .. '"user_id":"bench-user-%d","infer":false,"output_format":"v1.1"}',
  '{"messages":[{"role":"user","content":"I\'m not a vegetarian anymore."}],'
    .. '"user_id":"bench-user-%d","output_format":"v1.1","version":"v2"}',
  '{"messages":[{"role":"user","content":"My daughter Mia starts school in September."}],'
    .. '"user_id":"bench-user-%d","async_mode":true,"output_format":"v1.1","version":"v2"}',
}

local invalid = {
  '{"messages":[{"role":"robot","content":"beep"}],"user_id":"bench-user-1"}',
  '{"messages":[{"role":"user","content":"no scope at all"}]}',
  '{"messages":[],"user_id":"bench-user-1"}',
  '{"messages":[{"role":"user","content":"hi"}],"user_id":"bench-user-1","output_format":"v2"}',
}

function init(args)
  scopes = tonumber(args[1]) or scopes
  invalid_every = tonumber(args[2]) or invalid_every
  wrk.method = "POST"
  wrk.path = "/v1/memories/"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Token " .. (args[3] or "mock-key")
  counter = tonumber(args[4]) or 0
  fresh = args[5] == "1"
end

function request()
  counter = counter + 1
  local body
  if invalid_every > 0 and counter % invalid_every == 0 then
    body = invalid[(counter / invalid_every) % #invalid + 1]
    if fresh then
      body = '{"metadata":{"n":' .. counter .. '},' .. string.sub(body, 2)
    end
  else
    body = string.format(valid[counter % #valid + 1], counter % scopes)
  end
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,'
      .. '"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
