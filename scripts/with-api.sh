#!/usr/bin/env bash
# Runs a command against a freshly started GeoMonitor API (embedded PostGIS in a throwaway data folder,
# geodata loaded, on a free loopback port), then stops the API and its cluster.
# The command sees GEOMONITOR_URL (e.g. http://127.0.0.1:41234) and GEOMONITOR_ADMIN_KEY_FILE.
# Usage: scripts/with-api.sh <command> [args...]     (expects a Debug build, as scripts/test.sh makes)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dll=$root/src/GeoMonitor.Api/bin/Debug/net10.0/GeoMonitor.Api.dll
[ -f "$dll" ] || dotnet build "$root/src/GeoMonitor.Api" -c Debug -v quiet -nologo >/dev/null
data=$(mktemp -d "${TMPDIR:-/tmp}/geomonitor-e2e.XXXXXX")
chmod 755 "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$data/api.log
GEOMONITOR_DATA=$data ASPNETCORE_URLS=http://127.0.0.1:$port ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$dll" --contentRoot "$root/src/GeoMonitor.Api" >"$log" 2>&1 &
pid=$!
cleanup() {
  kill -TERM "$pid" 2>/dev/null   # SIGTERM: background jobs of a script ignore SIGINT
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
  # If the API died without stopping its cluster, stop it here.
  if [ -f "$data/pg/postmaster.pid" ]; then
    if [ "$(id -u)" -eq 0 ]; then runuser -u "${GEOMONITOR_PG_USER:-postgres}" -- /usr/lib/postgresql/15/bin/pg_ctl -D "$data/pg" -m fast stop >/dev/null 2>&1
    else /usr/lib/postgresql/15/bin/pg_ctl -D "$data/pg" -m fast stop >/dev/null 2>&1; fi
  fi
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 600); do
  curl -fs -m 2 "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "the API exited during start-up:"; tail -40 "$log"; exit 1; }
  sleep 0.2
done
curl -fs -m 2 "http://127.0.0.1:$port/health" >/dev/null || { echo "the API did not become healthy:"; tail -40 "$log"; exit 1; }
export GEOMONITOR_URL=http://127.0.0.1:$port GEOMONITOR_ADMIN_KEY_FILE=$data/admin.key GEOMONITOR_API_LOG=$log
"$@"
