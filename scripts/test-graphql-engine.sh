#!/usr/bin/env bash
# The GraphQL engine against graphql-js (the oracle) and the GraphQL-over-HTTP audits, on the engine's test
# schema (interfaces implementing interfaces, unions, enums, input objects, lists, non-null, custom scalars).
# The domain schema is checked the same way by scripts/test-graphql-api.sh. Prints the two tools' totals summed.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
scripts/graphql-conformance.sh --test-server 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# The expected results of the engine's streamed-list tests, recomputed by graphql-js and compared with the committed
# file (tests/GeoMonitor.GraphQL.Tests/Execution/GraphQLJs), so that the fixture cannot drift from the oracle.
js_dir=tests/GeoMonitor.GraphQL.Tests/Execution/GraphQLJs
oracle=../shared/tools/graphql-oracle
if [ -d "$oracle" ]; then
  work=$(mktemp -d)
  cp "$oracle/package.json" "$oracle/package-lock.json" "$js_dir/streamed-lists.mjs" "$work/"
  chmod -R u+w "$work"
  if (cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 && node streamed-lists.mjs >out.json) \
     && diff -q "$work/out.json" "$js_dir/streamed-lists.expected.json" >/dev/null; then
    echo "graphql-js streamed-list expectations: unchanged" | tee -a "$log"; echo "1 passed, 0 failed" >>"$log"
  else
    echo "FAIL graphql-js streamed-list expectations differ from $js_dir/streamed-lists.expected.json" | tee -a "$log"
    echo "0 passed, 1 failed" >>"$log"; rc=1
  fi
  rm -rf "$work"
fi
read -r p f < <(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | awk '{p+=$1; f+=$3} END {print p+0, f+0}')
rm -f "$log"
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
echo "$p passed, $f failed"
[ "$rc" -eq 0 ]
