-- One Authorization header per request, taken from a file with one token per line.
-- Arguments after "--": <token file> <cycle|once> <wrk thread count>
--   cycle: every thread walks the whole list from its own starting point, round and round
--   once:  the list is split between threads and each thread sends each of its tokens once;
--          running out wraps around and is counted, so the caller can tell that tokens repeated
-- Tokens are never printed; done() prints one machine-readable RESULT line.

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("thread_id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   local path, mode, count = args[1], args[2], tonumber(args[3])
   local all = {}
   for line in io.lines(path) do
      all[#all + 1] = line
   end
   prepared = {}
   if mode == "once" then
      for i = thread_id + 1, #all, count do
         prepared[#prepared + 1] = wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. all[i] })
      end
   else
      local start = math.floor(thread_id * #all / count)
      for k = 0, #all - 1 do
         local i = (start + k) % #all + 1
         prepared[#prepared + 1] = wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. all[i] })
      end
   end
   position = 0
   wrapped = 0
end

function request()
   position = position + 1
   if position > #prepared then
      position = 1
      wrapped = wrapped + 1
   end
   return prepared[position]
end

function done(summary, latency, requests)
   local wrapped_total = 0
   for _, thread in ipairs(threads) do
      wrapped_total = wrapped_total + thread:get("wrapped")
   end
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d mean_us=%.1f status_errors=%d socket_errors=%d wrapped=%d\n",
      summary.requests, summary.duration,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean,
      e.status, e.connect + e.read + e.write + e.timeout, wrapped_total))
end
