-- wrk script for bench/abuse.sh: a storm of sign-ups (new addresses) and failing sign-ins.
--   wrk -t1 -c500 -d20s -s bench/abuse.lua http://127.0.0.1:PORT -- SEED
-- Half the requests sign up a new account, half try a wrong password on a few accounts.
-- Each client pretends to be another address (X-Forwarded-For; the server trusts the
-- loopback proxy in this benchmark), so the per-address limits do not hide the hashing load.
-- At the end it prints: RESULT requests=… and one "status N: count" line per status.

local origin = nil
local counter = 0
local seed = 1
local threads = {}
-- per thread: "status=count" pairs, read back in done()
c200, c401, c403, c409, c422, c429, c500, c503, cother = 0, 0, 0, 0, 0, 0, 0, 0, 0

function setup(thread)
  table.insert(threads, thread)
end

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
  if status == 200 then c200 = c200 + 1
  elseif status == 401 then c401 = c401 + 1
  elseif status == 403 then c403 = c403 + 1
  elseif status == 409 then c409 = c409 + 1
  elseif status == 422 then c422 = c422 + 1
  elseif status == 429 then c429 = c429 + 1
  elseif status == 500 then c500 = c500 + 1
  elseif status == 503 then c503 = c503 + 1
  else cother = cother + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d socket_errors=%d p99_ms=%.1f\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(99) / 1000))
  local names = { "c200", "c401", "c403", "c409", "c422", "c429", "c500", "c503", "cother" }
  for _, name in ipairs(names) do
    local total = 0
    for _, thread in ipairs(threads) do total = total + thread:get(name) end
    if total > 0 then
      io.write(string.format("status %s: %d\n", name == "cother" and "other" or name:sub(2), total))
    end
  end
end
