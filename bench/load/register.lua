-- wrk script: POST /api/v1/residents with a fresh, valid citizen ID number on every request, and a count of every
-- answer that is not 201 (so that a fast stream of errors can never pass for throughput).
-- The ID numbers are synthetic: county 130105, birth dates from 1971 to 2025, valid ISO 7064 MOD 11-2 check
-- characters; each wrk thread draws from its own range of 4 million (after an optional offset), so no two requests share a number.
local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = {"1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"}
local base = os.time({year = 1971, month = 1, day = 1, hour = 12})
counter = 0
expected_status = 201
dofile(debug.getinfo(1, "S").source:match("@?(.*/)") .. "count.lua")

local function id_number(n)
  local day = math.floor(n / 450) % 20000
  local sequence = (n % 450) * 2 + 1
  local birth = base + day * 86400
  local first17 = "130105" .. os.date("!%Y%m%d", birth) .. string.format("%03d", sequence)
  local sum = 0
  for i = 1, 17 do
    sum = sum + tonumber(first17:sub(i, i)) * weights[i]
  end
  return first17 .. checks[sum % 11 + 1], os.date("!%Y-%m-%d", birth)
end

function on_setup(thread, number)
  thread:set("counter", number * 4000000)
end

-- An optional argument shifts the range, so that several runs against one database stay distinct.
function init(args)
  counter = counter + tonumber(args[1] or "0")
end

function request()
  counter = counter + 1
  local id, birth = id_number(counter)
  local body = string.format([[{"idType":"01","idNumber":"%s","name":"压测居民","gender":"1","ethnicity":"01","birthDate":"%s","regionCode":"130105","phones":["13912345678"],"addresses":[{"type":"1","text":"河北省石家庄市新华区中华北大街100号"}],"paymentMethods":["2"],"tags":["ncms"]}]], id, birth)
  return wrk.format("POST", "/api/v1/residents", {["Content-Type"] = "application/json", ["X-Api-Key"] = wrk.headers["X-Api-Key"]}, body)
end
