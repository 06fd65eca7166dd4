-- wrk script for GET endpoints: counts every answer that is not 200, so that errors can never pass for throughput.
local threads = {}
failures = 0

function setup(thread)
  table.insert(threads, thread)
end

function response(status)
  if status ~= 200 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("failures")
  end
  io.write(string.format("non-200 responses: %d\n", total))
end
