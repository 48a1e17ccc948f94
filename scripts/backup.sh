#!/usr/bin/env bash
# Backs up the GeoMonitor database with pg_dump (custom format: compressed, restorable table by table).
#   scripts/backup.sh [-o FILE] [--data DIR | --dbname URI]
# Default: the embedded cluster in $GEOMONITOR_DATA (or .geomonitor/), to backups/geomonitor-<UTC time>.dump.
# The cluster must be running (the API running, or start it with scripts/run.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib/dburi.sh"
out=""; data=${GEOMONITOR_DATA:-$root/.geomonitor}; uri=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --dbname) uri=$2; shift 2 ;;
    *) echo "usage: $0 [-o FILE] [--data DIR | --dbname URI]" >&2; exit 2 ;;
  esac
done
[ -n "$uri" ] || uri=$(embedded_uri "$data" geomonitor)
[ -n "$out" ] || { mkdir -p "$root/backups"; out=$root/backups/geomonitor-$(date -u +%Y%m%dT%H%M%SZ).dump; }
"$PG_BIN/pg_dump" --format=custom --no-owner --no-privileges --file="$out" --dbname="$uri"
echo "$out"
