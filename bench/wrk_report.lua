-- Used by bench/load.py: optional rotating requests from bench_requests.lua, and one JSON line
-- with the figures wrk knows at the end (requests/s, latency percentiles in ms, errors).
local ok, planned = pcall(dofile, os.getenv("BENCH_REQUESTS") or "")
local counter = 0

request = function()
  if not ok or planned == nil then
    return wrk.format()
  end
  counter = counter + 1
  local r = planned[(counter % #planned) + 1]
  return wrk.format(r.method, r.path, r.headers, r.body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
