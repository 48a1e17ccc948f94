#!/usr/bin/env bash
# Clicks through the OGC API's HTML pages in Debian's headless Chromium (tests/web/ogc-html.test.mjs) against a fresh
# API: landing page → collections → incidents → items (table + map) → next page → one feature, a filter typed into the
# form, and notes holding HTML. Saves tests/web/out/ogc-items.png. Prints "N passed, N failed" last.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v chromium >/dev/null || { echo "chromium is missing (scripts/prereqs.sh test installs it)"; echo "0 passed, 1 failed"; exit 1; }
"$root/scripts/build-web.sh" >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
"$root/scripts/web-test-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }
log=$(mktemp)
"$root/scripts/with-api.sh" node --test --test-reporter=spec --test-concurrency=1 "$root/tests/web/ogc-html.test.mjs" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
"$root/scripts/node-test-summary.sh" "$log" "$rc"
