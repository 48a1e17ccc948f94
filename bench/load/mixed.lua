-- GeoMonitor mixed load for wrk: GeoJSON reads, /api/locate calls and uploads, by weight.
-- Every upload has a unique externalId (thread number, a per-thread counter and the run's start time), so each one
-- really writes a row. The key comes from the environment (GEOMONITOR_KEY); wrk's own counters report socket errors
-- and non-2xx/3xx responses, and done() prints them together with the latency percentiles.
--
-- Weights (out of 100): 45 GeoJSON reads, 35 locate, 20 uploads.

local key = os.getenv("GEOMONITOR_KEY") or ""
local run = os.getenv("GEOMONITOR_RUN") or tostring(os.time())
local threads = {}
local counter = 0
local thread_id = 0
local non2xx = 0

local reads = {
  "/api/incidents?limit=100",
  "/api/incidents?limit=50&zone=unsc-1701-area",
  "/api/incidents?limit=100&bbox=35.1,33.0,35.9,33.4",
  "/api/zones",
  "/api/lines",
  "/ogc/collections/incidents/items?limit=100",
}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
  math.randomseed(os.time() + id * 7919)
end

local function upload()
  counter = counter + 1
  local lon = 35.15 + math.random() * 0.7
  local lat = 33.05 + math.random() * 0.3
  local body = string.format(
    '{"source":"wrk-load","externalId":"%s-%d-%d","occurredAt":"2024-12-01T10:00:00Z","eventType":"Explosions/Remote violence",' ..
    '"subEventType":"Shelling/artillery/missile attack","fatalities":0,"lon":%.6f,"lat":%.6f}', run, thread_id, counter, lon, lat)
  return wrk.format("POST", "/api/incidents",
    { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
end

function request()
  local r = math.random(100)
  if r <= 45 then
    return wrk.format("GET", reads[math.random(#reads)], { ["Authorization"] = "Bearer " .. key, ["Accept"] = "application/geo+json" })
  elseif r <= 80 then
    local path = string.format("/api/locate?lon=%.5f&lat=%.5f", 35.1 + math.random() * 0.8, 33.0 + math.random() * 0.4)
    return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. key })
  else
    return upload()
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx <= 3 then io.stderr:write("non-2xx " .. status .. ": " .. string.sub(body, 1, 300) .. "\n") end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format("requests %d in %.1f s: %.1f req/s\n", summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: socket %d (connect %d, read %d, write %d, timeout %d), non-2xx/3xx %d\n",
    socket, e.connect, e.read, e.write, e.timeout, e.status))
  io.write(string.format("RESULT %s\n", (socket == 0 and e.status == 0) and "PASS" or "FAIL"))
end
