-- One kind of request against one large scope (`bench/scope_cost.py`), for the search/list/add
-- ratios. wrk args (after `--`): kind (search, list or add), user_id, api_key, first (request
-- number to start from, so that rounds never repeat an add's text).

local kind = "search"
local user = "bench-big"
local counter = 0

-- Queries that hit a few memories of the fixture and ones that hit none, in turn.
local queries = { "Berlin", "coffee in the morning", "fact 4242", "where does the user live" }

function init(args)
  kind = args[1] or kind
  user = args[2] or user
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Token " .. (args[3] or "mock-key")
  counter = tonumber(args[4]) or 0
  if kind == "search" then
    wrk.path = "/v3/memories/search/"
  elseif kind == "list" then
    wrk.path = "/v3/memories/"
  elseif kind == "add" then
    wrk.path = "/v1/memories/"
  else
    error("unknown kind " .. kind)
  end
end

function request()
  counter = counter + 1
  local body
  if kind == "search" then
    body = string.format('{"query":"%s","filters":{"user_id":"%s"}}',
      queries[counter % #queries + 1], user)
  elseif kind == "list" then
    body = string.format('{"filters":{"user_id":"%s"},"page":1}', user)
  else
    -- infer:true (the default): the extractor reads it and compares with the scope's memories.
    body = string.format('{"messages":[{"role":"user","content":"I visited town number %d '
      .. 'yesterday."}],"user_id":"%s"}', counter, user)
  end
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format('WRK_RESULT {"requests":%d,"duration_us":%d,"status":%d,"connect":%d,'
    .. '"read":%d,"write":%d,"timeout":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, errors.status, errors.connect, errors.read, errors.write,
    errors.timeout, latency:percentile(50), latency:percentile(99)))
end
