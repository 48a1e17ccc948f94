#!/usr/bin/env bash
# Builds the built-in map into src/GeoMonitor.Api/wwwroot/ (generated, git-ignored): installs web/'s locked npm
# packages (MapLibre GL JS) and copies MapLibre's ES module build and web/src/ there. No bundler and no CDN: the
# page imports ./vendor/maplibre-gl.mjs, which starts its worker from the file beside it.
# Fast and idempotent: npm ci runs only when web/package-lock.json changed since the last install, and files are
# copied only when they differ.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
web=$root/web
out=$root/src/GeoMonitor.Api/wwwroot
stamp=$web/node_modules/.geomonitor-lock
if [ ! -f "$stamp" ] || ! cmp -s "$web/package-lock.json" "$stamp"; then
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$web/package-lock.json" "$stamp"
fi
mkdir -p "$out/vendor"
dist=$web/node_modules/maplibre-gl/dist
for f in maplibre-gl.mjs maplibre-gl-worker.mjs maplibre-gl-shared.mjs maplibre-gl.css; do
  [ -f "$dist/$f" ] || continue
  cmp -s "$dist/$f" "$out/vendor/$f" || cp "$dist/$f" "$out/vendor/$f"
done
# MapLibre's licence travels with its code.
cmp -s "$web/node_modules/maplibre-gl/LICENSE.txt" "$out/vendor/MAPLIBRE-LICENSE.txt" 2>/dev/null \
  || cp "$web/node_modules/maplibre-gl/LICENSE.txt" "$out/vendor/MAPLIBRE-LICENSE.txt"
for f in "$web"/src/*; do
  cmp -s "$f" "$out/$(basename "$f")" || cp "$f" "$out/"
done
echo "map built in $out"
