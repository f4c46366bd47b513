-- wrk (https://github.com/wg/wrk) sending a pool of pre-signed requests, each once, in order:
-- bench/lib.ts `load` writes the pool to a file (raw HTTP requests separated by NUL bytes) and
-- runs `wrk -s bench/wrk-pool.lua <url> -- <pool file> <threads> once|repeat`.
-- A B-End request may be sent only once (its nonce), so in `once` mode each thread takes every
-- n-th request of the pool, and a thread that runs out stops (bench/lib.ts then reports the pool
-- too small); `repeat` sends the pool's one request again and again (a plain GET). The result is
-- one line on stdout: WRK_RESULT {json}, with how many threads ran out of requests.
local repeating
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local requests, next_index = {}, 1

function init(args)
  local pool_file, thread_count = args[1], tonumber(args[2])
  repeating = args[3] == "repeat"
  local f = assert(io.open(pool_file, "rb"))
  local text = f:read("*a")
  f:close()
  local n, i = 0, 0
  for r in text:gmatch("([^%z]+)") do
    if repeating or i % thread_count == id then
      n = n + 1
      requests[n] = r
    end
    i = i + 1
  end
end

function request()
  if repeating then return requests[1] end
  local r = requests[next_index]
  if r == nil then
    -- Said in the result: the requests still in flight when a thread stops go uncounted, so the
    -- count alone falls just short of the pool's size and cannot tell (a run capped at pool / time).
    ran_out = 1
    wrk.thread:stop()
    return requests[next_index - 1]
  end
  next_index = next_index + 1
  return r
end

function done(summary, latency, _)
  -- done() runs in wrk's main Lua state, which never saw init's args: the result goes to stdout.
  local e = summary.errors
  local ran_out = 0
  for _, thread in ipairs(threads) do
    if thread:get("ran_out") then ran_out = ran_out + 1 end
  end
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"errors":%d,"p50_us":%d,"p99_us":%d,"ran_out":%d}\n',
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99), ran_out))
end
