-- Used by bench/load.py: optional rotating requests (BENCH_REQUESTS, a Lua file returning a
-- table), a check of every answer, and one JSON line with the figures at the end.
-- An answer counts as an error unless its status is BENCH_STATUS and, when BENCH_LOCATION is
-- set, its Location header contains that text: a 302 to the login page or a CSRF failure is
-- not a confirmation.
local ok, planned = pcall(dofile, os.getenv("BENCH_REQUESTS") or "")
local expected_status = tonumber(os.getenv("BENCH_STATUS") or "200")
local expected_location = os.getenv("BENCH_LOCATION") or ""
local threads = {}
local counter = 0
unexpected = 0
first_unexpected = ""

function setup(thread)
  table.insert(threads, thread)
  thread:set("position", #threads - 1)
end

function init(args)
  -- Each wrk thread (bench/load.py runs 2) starts half the list further on: two threads that
  -- walked the list in step would confirm each citizen twice.
  if ok and planned ~= nil then
    counter = position * math.floor(#planned / 2)
  end
end

request = function()
  if not ok or planned == nil then
    return wrk.format()
  end
  counter = counter + 1
  local r = planned[(counter % #planned) + 1]
  return wrk.format(r.method, r.path, r.headers, r.body)
end

response = function(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  local good = status == expected_status
  if good and expected_location ~= "" then
    good = string.find(location, expected_location, 1, true) ~= nil
  end
  if not good then
    unexpected = unexpected + 1
    if first_unexpected == "" then
      first_unexpected = status .. " " .. location
    end
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local wrong, example = 0, ""
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("unexpected")
    if example == "" then example = thread:get("first_unexpected") end
  end
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d, '
      .. '"unexpected": %d, "example": "%s"}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, wrong, example))
end
