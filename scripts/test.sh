#!/usr/bin/env bash
# Runs every test: installs the prerequisites, builds, runs the xUnit suites against a real embedded
# PostGIS (its own cluster in $GEOMONITOR_TEST_DATA, default .geomonitor-test/), then the conformance
# and browser checks that need the running API. Prints "N passed, N failed" last.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/prereqs.sh test || exit 1
export GEOMONITOR_TEST_DATA=${GEOMONITOR_TEST_DATA:-$root/.geomonitor-test}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

stop_cluster() {
  local pgdir=$GEOMONITOR_TEST_DATA/pg bin
  [ -f "$pgdir/postmaster.pid" ] || return 0
  bin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
  if [ "$(id -u)" -eq 0 ]; then runuser -u "${GEOMONITOR_PG_USER:-postgres}" -- "$bin/pg_ctl" -D "$pgdir" -m fast stop >/dev/null 2>&1
  else "$bin/pg_ctl" -D "$pgdir" -m fast stop >/dev/null 2>&1; fi
}
trap stop_cluster EXIT

passed=0; failed=0
count() { # count <label> <exit code> <passed> <failed>
  passed=$((passed + $3)); failed=$((failed + $4))
  [ "$2" -ne 0 ] && [ "$4" -eq 0 ] && failed=$((failed + 1)) && echo "FAILED: $1 (exit $2)"
  return 0
}

echo "== build"
if ! dotnet build GeoMonitor.sln -c Debug -v quiet -nologo; then
  echo "0 passed, 1 failed"; exit 1
fi

echo "== static front ends (map, GraphiQL) from npm"
if ! scripts/build-web.sh || ! scripts/build-graphiql.sh; then
  echo "0 passed, 1 failed"; exit 1
fi

echo "== unit and integration tests (xUnit, real PostGIS)"
for proj in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  log=$(mktemp)
  dotnet test "$proj" --no-build -v quiet -nologo 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  p=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  f=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  count "$name" "$rc" "$p" "$f"
  rm -f "$log"
done

for extra in scripts/test-*.sh; do
  [ -x "$extra" ] || continue
  echo "== $(basename "$extra")"
  log=$(mktemp)
  "$extra" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  p=$(awk '{print $1}' <<<"${line:-0 passed, 0 failed}"); f=$(awk '{print $3}' <<<"${line:-0 passed, 0 failed}")
  count "$(basename "$extra")" "$rc" "$p" "$f"
  rm -f "$log"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
