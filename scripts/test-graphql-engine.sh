#!/usr/bin/env bash
# The GraphQL engine against graphql-js (the oracle) and the GraphQL-over-HTTP audits, on the engine's test
# schema (interfaces implementing interfaces, unions, enums, input objects, lists, non-null, custom scalars).
# The domain schema is checked the same way by scripts/test-graphql-api.sh. Prints the two tools' totals summed.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
scripts/graphql-conformance.sh --test-server 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
read -r p f < <(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | awk '{p+=$1; f+=$3} END {print p+0, f+0}')
rm -f "$log"
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
echo "$p passed, $f failed"
[ "$rc" -eq 0 ]
