-- /api/locate for wrk: a random point over the monitored region (lon 35.1–35.9, lat 33.0–33.4) at a fixed instant,
-- the same distribution as the pgbench script the harness writes from LocateApi.Sql (bench/out/locate.pgbench).
-- Non-2xx answers are counted and printed: a throughput made of errors is not a throughput.
local errors = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + #threads * 7919 + math.floor(os.clock() * 1e6))
end

function request()
  local lon = 35.1 + math.random(0, 800000) / 1e6
  local lat = 33.0 + math.random(0, 400000) / 1e6
  return wrk.format("GET", string.format("/api/locate?lon=%.6f&lat=%.6f&at=2026-04-20T12:00:00Z", lon, lat))
end

function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("errors") or 0) end
  io.write(string.format("NON200 %d\n", bad))
end
