#!/usr/bin/env bash
# Inside scripts/with-api.sh (GEOMONITOR_URL, GEOMONITOR_ADMIN_KEY_FILE): makes a key of each role, saves the OpenAPI
# document, starts Prism as a validating proxy in front of the API, runs the contract tests through it, then generates
# the TypeScript client (openapi-typescript), type-checks it with tsc and runs the client test. Node's spec reporter
# output; scripts/test-openapi.sh turns it into "N passed, N failed".
set -uo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$dir/../.." && pwd)
bin=$dir/node_modules/.bin
out=$dir/out
rm -rf "$out"; mkdir -p "$out"
data=$(dirname "$GEOMONITOR_ADMIN_KEY_FILE")
dll=$root/src/GeoMonitor.Api/bin/Debug/net10.0/GeoMonitor.Api.dll

# Keys of each role, made the way an operator makes them (the keys command on the API's own data folder).
keys="{\"admin\": \"$(cat "$GEOMONITOR_ADMIN_KEY_FILE")\""
for role in reader reporter reviewer; do
  key=$(GEOMONITOR_DATA=$data dotnet "$dll" keys create --role "$role" --name "openapi-$role" 2>/dev/null | grep -o 'gm_[A-Za-z0-9_-]*' | head -1)
  [ -n "$key" ] || { echo "could not create a $role key"; exit 1; }
  keys="$keys, \"$role\": \"$key\""
done
echo "$keys}" >"$out/keys.json"
curl -fsS "$GEOMONITOR_URL/swagger/v1/swagger.json" -o "$out/openapi.json" || { echo "no OpenAPI document"; exit 1; }

# The generated client: types from the document, checked by tsc together with the test that uses them.
"$bin/openapi-typescript" "$out/openapi.json" -o "$out/api.ts" || { echo "not ok - openapi-typescript failed"; exit 1; }
"$bin/tsc" -p "$dir/tsconfig.json" || { echo "not ok - tsc found type errors"; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin/prism" proxy --errors -h 127.0.0.1 -p "$port" "$out/openapi.json" "$GEOMONITOR_URL" >"$out/prism.log" 2>&1 &
prism=$!
trap 'kill "$prism" 2>/dev/null; wait "$prism" 2>/dev/null' EXIT
for _ in $(seq 1 300); do grep -q "Prism is listening" "$out/prism.log" && break; kill -0 "$prism" 2>/dev/null || break; sleep 0.2; done
grep -q "Prism is listening" "$out/prism.log" || { echo "Prism did not start:"; tail -20 "$out/prism.log"; exit 1; }
echo "prism proxy --errors on 127.0.0.1:$port in front of $GEOMONITOR_URL ($(grep -c '"operationId"' "$out/openapi.json") operations)"

status=0
PRISM_URL=http://127.0.0.1:$port OPENAPI_DOC=$out/openapi.json OPENAPI_KEYS=$out/keys.json OPENAPI_LOG=$out/exchanges.json \
  node --test --test-reporter=spec --test-concurrency=1 "$dir/contract.test.mjs" "$out/client.test.js" || status=1
exit $status
