#!/usr/bin/env bash
# Drives the built-in map in Debian's headless Chromium (tests/web/map.test.mjs) against a fresh API and saves its
# screenshots in tests/web/out/ (with GEOMONITOR_SCREENSHOTS=docs/img also the README's two there); checks that the
# committed basemap files are what geodata/tools/basemap.mjs makes (tests/web/basemap-data.test.mjs).
# Prints "N passed, N failed" last.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v chromium >/dev/null || { echo "chromium is missing (scripts/prereqs.sh test installs it)"; echo "0 passed, 1 failed"; exit 1; }
"$root/scripts/build-web.sh" >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
"$root/scripts/web-test-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }
log=$(mktemp)
"$root/scripts/with-api.sh" node --test --test-reporter=spec --test-concurrency=1 "$root/tests/web/basemap-data.test.mjs" \
  "$root/tests/web/map.test.mjs" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
"$root/scripts/node-test-summary.sh" "$log" "$rc"
