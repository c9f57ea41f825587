-- wrk script for bench/transacciones, scenario reservas: POST /api/reservas of 1–5 units of one of
-- 20 bench products at the sales location, each with its own Idempotency-Key. Non-201 answers are
-- counted and printed at the end.
local token = os.getenv("MM_BENCH_TOKEN")
local run = os.getenv("MM_BENCH_RUN") or "0"
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  failures = 0
  math.randomseed(os.time() * 1000 + id)
end

function request()
  counter = counter + 1
  local producto = string.format("b0000000-0000-4000-8000-%012d", math.random(1, 20))
  local body = string.format('{"producto_id":"%s","cantidad":%d}', producto, math.random(1, 5))
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = string.format("wrk-%s-%d-%d", run, id, counter),
  }
  return wrk.format("POST", "/api/reservas", headers, body)
end

function response(status, headers, body)
  if status ~= 201 then failures = failures + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("failures") end
  io.write(string.format("no_201 %d\n", total))
end
