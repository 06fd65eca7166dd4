-- Shared by the wrk scripts: counts every answer whose status is not `expected_status`, across all wrk threads
-- (each thread runs its own Lua state, so the counts are collected from every thread at the end).
local threads = {}
failures = 0

function setup(thread)
  table.insert(threads, thread)
  if on_setup then
    on_setup(thread, #threads)
  end
end

function response(status)
  if status ~= expected_status then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("failures")
  end
  io.write(string.format("non-%d responses: %d\n", expected_status, total))
end
