#!/usr/bin/env bash
# Installs what GeoMonitor needs on a Debian 12 machine, only what is missing:
# PostgreSQL 15 + PostGIS 3 (the embedded database), and for the tests GDAL, PROJ, Chromium and Node packages
# (including tests/cql2-referee, the CQL2 referee of the OGC filter tests).
# Usage: scripts/prereqs.sh [run|test|bench]
set -euo pipefail
mode=${1:-run}
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in postgresql-15 postgresql-15-postgis-3; do have "$p" || need+=("$p"); done
if [ "$mode" = test ]; then
  # jq and curl: the mirror script of docs/api.md, run by the suite (Changes/MirrorScriptTests).
  for p in gdal-bin proj-bin chromium jq curl; do have "$p" || need+=("$p"); done
fi
if [ "$mode" = bench ]; then
  # wrk for load and throughput, MapServer (CGI/FastCGI behind lighttpd) as the OGC API peer, nginx as the reverse proxy
  # of the scale-out scenario (it runs its own nginx on 127.0.0.1 with a configuration of its own).
  for p in wrk mapserver-bin cgi-mapserver lighttpd nginx; do have "$p" || need+=("$p"); done
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} from Debian's packages..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Where services start on install, Debian's nginx starts its default site on port 80 of every address: stop that
  # server (the one of /etc/nginx/nginx.conf, pid in /run/nginx.pid); the bench runs nginx itself, on 127.0.0.1 only.
  if [[ " ${need[*]} " == *" nginx "* ]] && [ -s /run/nginx.pid ]; then $SUDO /usr/sbin/nginx -s quit || true; fi
fi
# Debian's package creates and starts a cluster of its own on port 5432; GeoMonitor does not use it.
command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not on PATH)." >&2; exit 1; }
if [ "$mode" = test ]; then
  # The second CQL2 implementation the OGC filter tests use as referee (cql2-rs as WebAssembly, npm, locked), into
  # tests/cql2-referee/node_modules (git-ignored); npm ci only when the lockfile changed since the last install.
  referee=$(cd "$(dirname "$0")/.." && pwd)/tests/cql2-referee
  if [ ! -f "$referee/node_modules/.geomonitor-lock" ] || ! cmp -s "$referee/package-lock.json" "$referee/node_modules/.geomonitor-lock"; then
    (cd "$referee" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$referee/package-lock.json" "$referee/node_modules/.geomonitor-lock"
  fi
fi
