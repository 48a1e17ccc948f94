#!/usr/bin/env bash
# Decodes the API's vector tiles with npm's @mapbox/vector-tile + pbf (tests/web/tiles.test.mjs) against a fresh API.
# Prints "N passed, N failed" last.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/web-test-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }
log=$(mktemp)
"$root/scripts/with-api.sh" node --test --test-reporter=spec "$root/tests/web/tiles.test.mjs" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
"$root/scripts/node-test-summary.sh" "$log" "$rc"
