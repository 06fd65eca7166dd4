-- wrk script: counts answers that are not 200, so that a fast stream of errors cannot pass for throughput.
local failures = 0
function response(status)
  if status ~= 200 then
    failures = failures + 1
  end
end
function done(summary, latency, requests)
  io.write(string.format("non-200 responses: %d\n", failures))
end
