#!/usr/bin/env bash
# Installs the node test packages of tests/web (locked) when their lockfile changed since the last install.
set -euo pipefail
dir=$(cd "$(dirname "$0")/.." && pwd)/tests/web
stamp=$dir/node_modules/.geomonitor-lock
if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
fi
