#!/usr/bin/env bash
# GraphQL conformance: runs the graphql-js oracle (query corpus + introspection) and the GraphQL-over-HTTP audit.
#   scripts/graphql-conformance.sh <endpoint-url>   check a running server
#   scripts/graphql-conformance.sh --test-server    build and start tests/GeoMonitor.GraphQL.TestServer on a free
#                                                   127.0.0.1 port, check it, stop it (what scripts/test.sh calls)
# With GRAPHQL_CONFORMANCE_KEY_FILE set, the oracle's queries carry that key (Authorization: Bearer …).
# Exits non-zero if either tool reports a failure. The tools live in ../shared/tools/graphql-oracle beside the repo;
# when they are absent this prints one line and exits 0.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORACLE="$ROOT/../shared/tools/graphql-oracle"
GEN="${GRAPHQL_CONFORMANCE_GEN:-300}"
INVALID="${GRAPHQL_CONFORMANCE_INVALID:-300}"

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <endpoint-url> | --test-server" >&2
  exit 2
fi
if [[ ! -d "$ORACLE" ]]; then
  echo "graphql-conformance: no oracle at $ORACLE, skipped"
  exit 0
fi
command -v node >/dev/null && command -v npm >/dev/null || { echo "graphql-conformance: node and npm are required" >&2; exit 1; }

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The shared folder is read-only, and npm ci writes node_modules next to package.json.
cp -r "$ORACLE/." "$WORK/oracle"
chmod -R u+w "$WORK/oracle"
(cd "$WORK/oracle" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

URL="$1"
if [[ "$URL" == "--test-server" ]]; then
  PROJECT="$ROOT/tests/GeoMonitor.GraphQL.TestServer"
  dotnet build "$PROJECT" -c Release -o "$WORK/server" --nologo -v quiet >/dev/null
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 30000)))"
  URL="http://127.0.0.1:$PORT/graphql"
  dotnet "$WORK/server/GeoMonitor.GraphQL.TestServer.dll" --urls "http://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$WORK/server.log" >&2; echo "graphql-conformance: test server exited" >&2; exit 1; fi
    sleep 0.2
  done
  echo "graphql-conformance: test server on $URL"
fi

status=0
echo "== graphql-js oracle (harness.js --gen $GEN --invalid $INVALID)"
KEY_ARGS=()
if [[ -n "${GRAPHQL_CONFORMANCE_KEY_FILE:-}" ]]; then KEY_ARGS=(--header "Authorization: Bearer $(cat "$GRAPHQL_CONFORMANCE_KEY_FILE")"); fi
(cd "$WORK/oracle" && node harness.js "$URL" --gen "$GEN" --invalid "$INVALID" "${KEY_ARGS[@]}") >"$WORK/harness.log" 2>&1 || status=1
grep -E '^(FAIL|WARN)' -A3 "$WORK/harness.log" | head -60 || true
tail -1 "$WORK/harness.log"
if [[ -n "$SERVER_PID" ]]; then
  # The test server's streamed lists with an item that fails (tests/GeoMonitor.GraphQL.TestServer/oracle-docs): the
  # header makes entry 2 fail, so the responses carry field errors, and the oracle checks that the nulls sit where
  # graphql-js's null propagation puts them (only at nullable positions, every error with its path).
  DOCS="$ROOT/tests/GeoMonitor.GraphQL.TestServer/oracle-docs"
  echo "== graphql-js oracle, streamed lists with a failing item (harness.js --docs oracle-docs --allow-field-errors)"
  (cd "$WORK/oracle" && node harness.js "$URL" --docs "$DOCS" --allow-field-errors --header "X-Test-Fail-Item: 2") >"$WORK/docs.log" 2>&1 || status=1
  grep -E '^(FAIL|WARN)' -A3 "$WORK/docs.log" | head -40 || true
  tail -1 "$WORK/docs.log"
fi
echo "== GraphQL-over-HTTP audit (http-audit.js)"
(cd "$WORK/oracle" && node http-audit.js "$URL") >"$WORK/audit.log" 2>&1 || status=1
grep -E '^(FAIL|WARN)' "$WORK/audit.log" | head -40 || true
tail -1 "$WORK/audit.log"
exit $status
