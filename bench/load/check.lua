-- wrk script: POST /api/v1/checks for the active card, SAM and terminal that checks.sh sets up, alternating read and
-- write. Every answer that is not 200 with code 0000 is counted as a failure, so refusals can never pass for throughput.
expected_status = 200
dofile(debug.getinfo(1, "S").source:match("@?(.*/)") .. "count.lua")

local bodies = {}
function init(args)
  for _, operation in ipairs({"read", "write"}) do
    table.insert(bodies, string.format(
      '{"cardNumber":"%s","cardSerial":"%s","samSerial":"1320000001","terminalSerial":"T-BENCH-0001","operation":"%s"}',
      args[1], args[2], operation))
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

local n = 0
function request()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[n % 2 + 1])
end

function response(status, headers, body)
  if status ~= expected_status or not body:find('"code":"0000"', 1, true) then
    failures = failures + 1
  end
end
