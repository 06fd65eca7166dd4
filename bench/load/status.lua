-- wrk script for GET endpoints: counts every answer that is not 200, so that errors can never pass for throughput.
expected_status = 200
dofile(debug.getinfo(1, "S").source:match("@?(.*/)") .. "count.lua")
