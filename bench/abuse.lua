-- wrk script for bench/abuse.sh: a storm of sign-ups (new addresses) and failing sign-ins.
--   wrk -t1 -c500 -d20s -s bench/abuse.lua http://127.0.0.1:PORT -- SEED
-- Half the requests sign up a new account, half try a wrong password on a few accounts.
-- Each client pretends to be another address (X-Forwarded-For; the server trusts the
-- loopback proxy in this benchmark), so the per-address limits do not hide the hashing load.
-- At the end it prints: RESULT requests=… and one "status N: count" line per status.

local origin = nil
local counter = 0
local seed = 1
codes = {}

function init(args)
  seed = tonumber(args[1] or "1")
  origin = "http://" .. wrk.headers["Host"]
end

function request()
  counter = counter + 1
  local client = "10." .. (counter % 250) .. "." .. (math.floor(counter / 250) % 250) .. ".1"
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Origin"] = origin,
    ["X-Forwarded-For"] = client,
  }
  if counter % 2 == 0 then
    return wrk.format("POST", "/api/sign_up", headers,
      "display_name=Storm&password=correct+horse+battery&email=storm-" .. seed .. "-" .. counter .. "%40example.org")
  end
  return wrk.format("POST", "/api/sign_in", headers,
    "email=victim" .. (counter % 5) .. "%40example.org&password=wrong+guess+" .. counter)
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d socket_errors=%d\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for status, n in pairs(codes) do
    io.write(string.format("status %d: %d\n", status, n))
  end
end
