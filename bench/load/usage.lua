-- wrk script: POST /api/v1/usage-events with batches of 1,000 new events (each request its own client event ids, so
-- nothing is a duplicate). Counts answers that are not 200. The events reference the institution checks.sh registers.
expected_status = 200
dofile(debug.getinfo(1, "S").source:match("@?(.*/)") .. "count.lua")

thread_id = 0
function on_setup(thread, index)
  thread:set("thread_id", index)
end

local institution, batch = nil, 0
local kinds = {"outpatient_visit", "prescription", "payment", "lab", "read", "write"}
function init(args)
  institution = args[1]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  batch = batch + 1
  local at = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 3600)
  local events = {}
  for i = 1, 1000 do
    events[i] = string.format(
      '{"clientEventId":"t%d-b%d-e%d","cardNumber":"13010519800101%04d","cardSerial":"13%08d","institutionCode":"%s","terminalSerial":"T-BENCH-0001","samSerial":"1320000001","occurredAt":"%s","kind":"%s"}',
      thread_id, batch, i, i % 10000, i, institution, at, kinds[i % 6 + 1])
  end
  return wrk.format(nil, nil, nil, '{"events":[' .. table.concat(events, ",") .. ']}')
end
