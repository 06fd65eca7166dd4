-- wrk script: POST /api/v1/residents with a fresh, valid citizen ID number on every request.
-- The ID numbers are synthetic (valid ISO 7064 MOD 11-2 check characters, county 130105, birth dates from 1971).
local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = {"1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"}
local counter = 0
local failures = 0
local base = os.time({year = 1971, month = 1, day = 1, hour = 12})

local function id_number(n)
  local day = math.floor(n / 450)
  local sequence = (n % 450) * 2 + 1
  local first17 = "130105" .. os.date("!%Y%m%d", base + day * 86400) .. string.format("%03d", sequence)
  local sum = 0
  for i = 1, 17 do
    sum = sum + tonumber(first17:sub(i, i)) * weights[i]
  end
  return first17 .. checks[sum % 11 + 1], os.date("!%Y-%m-%d", base + day * 86400)
end

function init(args)
  counter = tonumber(args[1] or "0")
end

function request()
  counter = counter + 1
  local id, birth = id_number(counter)
  local body = string.format([[{"idType":"01","idNumber":"%s","name":"压测居民","gender":"1","ethnicity":"01","birthDate":"%s","regionCode":"130105","phones":["13912345678"],"addresses":[{"type":"1","text":"河北省石家庄市新华区中华北大街100号"}],"paymentMethods":["2"],"tags":["ncms"]}]], id, birth)
  return wrk.format("POST", "/api/v1/residents", {["Content-Type"] = "application/json", ["X-Api-Key"] = wrk.headers["X-Api-Key"]}, body)
end

function response(status)
  if status ~= 201 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("non-201 responses: %d\n", failures))
end
