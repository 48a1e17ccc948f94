#!/usr/bin/env bash
# Builds the built-in map into src/GeoMonitor.Api/wwwroot/ (generated, git-ignored): installs web/'s locked npm
# packages and copies there MapLibre GL JS's ES module build, the RTL text plugin (@mapbox/mapbox-gl-rtl-text), the
# label fonts (fontsource's Noto Sans, Noto Sans Arabic and Noto Sans Hebrew, woff2, with fonts.json) and web/src/.
# No bundler and no CDN: the page imports ./vendor/maplibre-gl.mjs, which starts its worker from the file beside it;
# everything the map loads comes from the API's origin. web/'s devDependency world-atlas is the input of
# geodata/tools/basemap.mjs (not served).
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
rtl=$web/node_modules/@mapbox/mapbox-gl-rtl-text
cmp -s "$rtl/dist/mapbox-gl-rtl-text.js" "$out/vendor/mapbox-gl-rtl-text.js" 2>/dev/null || cp "$rtl/dist/mapbox-gl-rtl-text.js" "$out/vendor/"
cmp -s "$rtl/LICENSE.md" "$out/vendor/MAPBOX-GL-RTL-TEXT-LICENSE.md" 2>/dev/null || cp "$rtl/LICENSE.md" "$out/vendor/MAPBOX-GL-RTL-TEXT-LICENSE.md"
node "$web/tools/vendor-fonts.mjs" "$out"
for f in "$web"/src/*; do
  cmp -s "$f" "$out/$(basename "$f")" || cp "$f" "$out/"
done
echo "map built in $out"
