-- wrk script: every request POSTs ONE new meeting's meeting.scheduled to /api/v1/events,
-- in a stream and with an id no other request uses, so each passes the rules and is
-- appended (201). The event is the one the library's figure appends
-- (Benchmarks/Sources/annals-bench/SingleAppendWorkload.swift, `line`).
--
--   ANNALS_TOKEN=... wrk -t2 -c32 -d20s --latency -s Scripts/bench-server-append.lua http://127.0.0.1:PORT/api/v1/events
--
-- At the end it prints how many answers were 201 and how many were anything else.

local threads = {}
local next_thread = 1

function setup(thread)
   thread:set("thread_id", next_thread)
   next_thread = next_thread + 1
   table.insert(threads, thread)
end

local template = [[{"id":"%s","stream":"meeting/BGS-2026-%s","type":"meeting.scheduled","at":"2026-11-20T15:00:00+08:00","by":"clerk.liu","data":{"title":"2026年第45次主任办公会","kind":"主任办公会","organizer":"BGS","chair":"P001","recorder":"P004","location":"三楼第一会议室","starts_at":"2026-11-30T09:30:00+08:00","ends_at":"2026-11-30T11:30:00+08:00","classification":"内部","planned":true,"agenda":[{"item":"1","title":"年终工作总结安排"}],"participants":[{"person":"P001","name":"王芳","unit":"办公室","position":"主任","role":"member"},{"person":"P004","name":"刘洋","unit":"秘书科","position":"科员","role":"member"}]}}]]

function init(args)
   counter = 0
   created = 0
   other = 0
   -- A run tag keeps repeated runs against one archive apart.
   run = os.getenv("ANNALS_RUN") or "0"
   wrk.method = "POST"
   wrk.headers["Authorization"] = "Bearer " .. os.getenv("ANNALS_TOKEN")
   wrk.headers["Content-Type"] = "application/x-ndjson"
end

function request()
   counter = counter + 1
   local id = string.format("%08x-%04x-4000-9000-%012x", thread_id, tonumber(run) % 65536, counter)
   local tag = string.format("H%s-%d-%d", run, thread_id, counter)
   return wrk.format(nil, nil, nil, string.format(template, id, tag))
end

function response(status, headers, body)
   if status == 201 then
      created = created + 1
   else
      other = other + 1
      if other <= 3 then io.stderr:write("answer " .. status .. ": " .. body .. "\n") end
   end
end

function done(summary, latency, requests)
   local c, o = 0, 0
   for _, thread in ipairs(threads) do
      c = c + thread:get("created")
      o = o + thread:get("other")
   end
   io.write(string.format("answers: %d created (201), %d other\n", c, o))
end
