#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into a NEW database (it refuses to overwrite one).
#   scripts/restore.sh FILE --target-db NAME [--data DIR | --server-uri URI]
# --server-uri is a connection URI to any existing database of the target server (e.g. .../postgres).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib/dburi.sh"
file=${1:?usage: $0 FILE --target-db NAME [--data DIR | --server-uri URI]}; shift
target=""; data=${GEOMONITOR_DATA:-$root/.geomonitor}; server=""
while [ $# -gt 0 ]; do
  case "$1" in
    --target-db) target=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --server-uri) server=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "$target" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "--target-db must be a plain lower-case name" >&2; exit 2; }
[ -n "$server" ] || server=$(embedded_uri "$data" postgres)
exists=$("$PG_BIN/psql" -XAtq --dbname="$server" -c "SELECT 1 FROM pg_database WHERE datname = '$target'")
[ -z "$exists" ] || { echo "database $target already exists; choose a new name" >&2; exit 1; }
"$PG_BIN/psql" -Xq --dbname="$server" -c "CREATE DATABASE $target"
target_uri=$(sed -E "s#/[^/?]+(\?|$)#/$target\1#" <<<"$server")
# One transaction: a restore that fails half-way leaves an empty database, not a partial one.
"$PG_BIN/pg_restore" --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$target_uri" "$file"
echo "restored into $target"
