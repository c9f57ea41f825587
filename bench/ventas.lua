-- wrk script for bench/transacciones, scenario ventas: POST /api/ventas, a ticket of two distinct
-- bench products (1–3 units each, in random order: the server locks them in id order) paid exactly
-- in cash, each with its own Idempotency-Key. Non-201 answers are counted and printed at the end.
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

local function producto(i)
  return string.format("b0000000-0000-4000-8000-%012d", i)
end

function request()
  counter = counter + 1
  local p = math.random(1, 20)
  local q = math.random(1, 19)
  if q >= p then q = q + 1 end
  local n, m = math.random(1, 3), math.random(1, 3)
  local body = string.format(
    '{"items":[{"producto_id":"%s","cantidad":%d},{"producto_id":"%s","cantidad":%d}],' ..
    '"pagos":[{"metodo":"efectivo","monto_centavos":%d}]}',
    producto(p), n, producto(q), m, (n + m) * 100000)
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = string.format("wrk-%s-%d-%d", run, id, counter),
  }
  return wrk.format("POST", "/api/ventas", headers, body)
end

function response(status, headers, body)
  if status ~= 201 then failures = failures + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("failures") end
  io.write(string.format("no_201 %d\n", total))
end
