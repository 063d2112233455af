-- wrk script for bench/rsvp.sh: RSVP writes from many people to many events.
--   wrk -t1 -c16 -d10s -s bench/rsvp.lua http://127.0.0.1:PORT -- TOKENS_FILE EVENTS [SEED]
-- Each request takes a random person (a session token from TOKENS_FILE) and a random event:
-- half of the requests go to the 20 "popular" events event-0 .. event-19, which fill up and
-- grow long waitlists, the other half to any of event-0 .. event-(EVENTS-1). Nine in ten are
-- POST /api/rsvp_going with 0..3 plus-ones, one in ten POST /api/rsvp_not_going (which frees
-- seats and lets waiting parties in). Someone who already answered for the event changes
-- their answer, which is a write too.
-- At the end it prints one line that bench/rsvp.sh reads:
--   RESULT requests=… seconds=… ok=… rps=… ok_rps=… p50_ms=… p99_ms=… max_ms=… non2xx=…
--          socket_errors=… going=… waitlisted=… not_going=…
-- plus the status codes other than 200, if any.

local tokens = {}
local events = 200
local popular = 20
local origin = nil

-- per thread (with -t1 there is one)
ok, going, waitlisted, not_going, other = 0, 0, 0, 0, 0
statuses = ""
local codes = {}

function init(args)
  local file = assert(io.open(args[1] or "tokens.txt", "r"))
  for line in file:lines() do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  file:close()
  events = tonumber(args[2] or "200")
  if popular > events then popular = events end
  origin = "http://" .. wrk.headers["Host"]
  math.randomseed(tonumber(args[3] or "7"))
end

function request()
  local token = tokens[math.random(#tokens)]
  local event
  if math.random() < 0.5 then
    event = math.random(popular) - 1
  else
    event = math.random(events) - 1
  end
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Origin"] = origin,
    ["Cookie"] = "hallway_session=" .. token,
  }
  if math.random() < 0.1 then
    return wrk.format("POST", "/api/rsvp_not_going", headers, "event=event-" .. event)
  end
  return wrk.format("POST", "/api/rsvp_going", headers,
    "event=event-" .. event .. "&plus_ones=" .. (math.random(4) - 1))
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
    local location = headers["location"] or headers["Location"] or ""
    local done = string.match(location, "done=([%w_]+)")
    if done == "going" then going = going + 1
    elseif done == "waitlisted" then waitlisted = waitlisted + 1
    elseif done == "not_going" then not_going = not_going + 1
    end
  else
    other = other + 1
    codes[status] = (codes[status] or 0) + 1
    local parts = {}
    for code, n in pairs(codes) do parts[#parts + 1] = code .. "x" .. n end
    statuses = table.concat(parts, ",")
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local sum = { ok = 0, going = 0, waitlisted = 0, not_going = 0, other = 0 }
  local codes_seen = {}
  for _, t in ipairs(threads) do
    for k in pairs(sum) do sum[k] = sum[k] + (t:get(k) or 0) end
    local s = t:get("statuses")
    if s and #s > 0 then codes_seen[#codes_seen + 1] = s end
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f ok=%d rps=%.1f ok_rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
      .. " non2xx=%d socket_errors=%d going=%d waitlisted=%d not_going=%d\n",
    summary.requests, seconds, sum.ok, summary.requests / seconds, sum.ok / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    sum.other, e.connect + e.read + e.write + e.timeout,
    sum.going, sum.waitlisted, sum.not_going))
  if #codes_seen > 0 then
    io.write("STATUS codes other than 200 (code x count): " .. table.concat(codes_seen, " ") .. "\n")
  end
end
