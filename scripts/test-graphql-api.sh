#!/usr/bin/env bash
# The GraphQL API end to end, on a fresh API started by scripts/with-api.sh (embedded PostGIS, geodata loaded):
#   1. scripts/graphql-conformance.sh on $GEOMONITOR_URL/graphql: the graphql-js oracle with 300 generated valid and
#      300 invalid queries over the full domain schema, and the GraphQL-over-HTTP audit;
#   2. tests/web/graphql-subscription: a real graphql-ws client receives an incident uploaded through REST within 1 s.
# Prints "N passed, N failed" last (scripts/test.sh reads it).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

if [ "${1:-}" != "--inner" ]; then
  # The oracle sends hundreds of requests a second from one address: the rate limiter is tested on its own.
  export GeoMonitor__RateLimit__AnonymousPerSecond=${GeoMonitor__RateLimit__AnonymousPerSecond:-100000}
  export GeoMonitor__RateLimit__KeyPerSecond=${GeoMonitor__RateLimit__KeyPerSecond:-100000}
  exec "$root/scripts/with-api.sh" "$root/scripts/test-graphql-api.sh" --inner
fi

passed=0; failed=0
tally() { # tally <label> <exit code> <log>: adds every "N passed, N failed" line of the log
  local label=$1 rc=$2 log=$3 p f
  p=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
  f=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | awk '{s+=$3} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); echo "FAILED: $label (exit $rc)"; fi
}

echo "== GraphQL conformance on $GEOMONITOR_URL/graphql (with the local admin key: generated queries name every status)"
log=$(mktemp)
# The oracle judges the engine (shapes, validation, the HTTP transport), not who may read what: the generated queries
# ask for keyed fields (teams, the verification queue, the hotline, pre-notifications) and held incidents, which an
# anonymous caller is refused by design (tested by the xUnit suites: VisibilityTests). With the admin key every valid
# query is answerable.
GRAPHQL_CONFORMANCE_KEY_FILE=$GEOMONITOR_ADMIN_KEY_FILE "$root/scripts/graphql-conformance.sh" "$GEOMONITOR_URL/graphql" 2>&1 | tee "$log"
tally graphql-conformance "${PIPESTATUS[0]}" "$log"

echo "== graphql-ws subscription (node)"
dir=$root/tests/web/graphql-subscription
: >"$log"
if (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1); then
  (cd "$dir" && node subscription.test.js) 2>&1 | tee "$log"
  tally graphql-subscription "${PIPESTATUS[0]}" "$log"
else
  echo "FAILED: npm ci in tests/web/graphql-subscription"; failed=$((failed + 1))
fi
rm -f "$log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
