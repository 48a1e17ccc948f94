#!/usr/bin/env bash
# Mixed load against a fresh GeoMonitor API on loopback (scripts/with-api.sh), bounded in time:
#   bench/load/run.sh [duration=60s] [connections=100] [threads=2]
# Needs wrk (Debian: apt-get install -y wrk). Exits non-zero when any request failed (socket error or non-2xx).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=${1:-60s}
connections=${2:-100}
threads=${3:-2}
"$(dirname "$0")/../../scripts/prereqs.sh" bench || exit 2

# The rate limits protect a shared server from one client; this run is one client on purpose.
export GeoMonitor__RateLimit__KeyPerSecond=1000000 GeoMonitor__RateLimit__AnonymousPerSecond=1000000
export GeoMonitor__RateLimit__BurstSeconds=1

inner=$(mktemp)
trap 'rm -f "$inner"' EXIT
cat >"$inner" <<INNER
set -euo pipefail
data=\$(dirname "\$GEOMONITOR_ADMIN_KEY_FILE")
# A reporter key for the uploads, made with the keys command on the API's own data folder.
key=\$(GEOMONITOR_DATA=\$data dotnet "$root/src/GeoMonitor.Api/bin/Debug/net10.0/GeoMonitor.Api.dll" keys create --role reporter --name wrk-load 2>/dev/null | grep -o 'gm_[A-Za-z0-9_-]*' | head -1 || true)
role=reporter
[ -n "\$key" ] || { key=\$(cat "\$GEOMONITOR_ADMIN_KEY_FILE"); role="admin (keys command unavailable)"; }
echo "API \$GEOMONITOR_URL, \$role key \${key:0:10}…"
GEOMONITOR_KEY=\$key GEOMONITOR_RUN=run\$(date +%s) wrk -t$threads -c$connections -d$duration --timeout 10s --latency -s "$root/bench/load/mixed.lua" "\$GEOMONITOR_URL" | tee /tmp/geomonitor-wrk.out
grep -q "RESULT PASS" /tmp/geomonitor-wrk.out
INNER
"$root/scripts/with-api.sh" bash "$inner"
