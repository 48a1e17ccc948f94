#!/usr/bin/env bash
# The one entry point of the benchmarks: builds the API and the harness (Release), makes sure the bench database exists
# (bench/data/, git-ignored: an embedded PostGIS cluster, the geodata, 1M generated incidents; the scale scenario adds
# its own 1M and 10M databases on the same cluster), runs each scenario against its baseline in the same run, appends
# every figure to bench/out/results.md, and rewrites the summary table of docs/performance.md from this run.
#
#   bench/run.sh                       every scenario, full size (1M and 10M; takes a while)
#   bench/run.sh --quick               every scenario, 1M only, fewer repetitions, shorter load runs
#   bench/run.sh query tiles [--runs 31]   only these (options go to each); the other rows of the summary stay
#   bench/run.sh setup                 only create the bench database
#
# Scenarios: query upload graphql tiles locate deconfliction changes asof cql2 mapserver scale replicas load scaleout
# engine (see docs/performance.md for what each measures; engine is the GraphQL engine's in-process micro-benchmark, no
# database). Needs Debian packages for some: wrk (locate, load, scaleout), nginx (scaleout), mapserver-bin
# cgi-mapserver lighttpd (mapserver), installed by scripts/prereqs.sh bench; a scenario whose tools are missing reports
# itself skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
all=(query upload graphql tiles locate deconfliction changes asof cql2 mapserver scale replicas load scaleout engine)
quick=0
scenarios=()
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    all) scenarios+=("${all[@]}") ;;
    setup|query|upload|graphql|tiles|locate|deconfliction|changes|asof|cql2|mapserver|scale|replicas|load|scaleout|engine) scenarios+=("$1") ;;
    *) pass+=("$1") ;;
  esac
  shift
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=("${all[@]}")

scripts/prereqs.sh bench
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release -v quiet -nologo src/GeoMonitor.Api/GeoMonitor.Api.csproj
dotnet build -c Release -v quiet -nologo bench/GeoMonitor.Bench/GeoMonitor.Bench.csproj
bench() { dotnet bench/GeoMonitor.Bench/bin/Release/net10.0/GeoMonitor.Bench.dll "$@"; }
mkdir -p bench/out
touch bench/out/results.md
since=$(stat -c %s bench/out/results.md)

# Per-scenario options: the caller's options win (they come last).
opts() {
  local s=$1
  if [ $quick -eq 1 ]; then
    case $s in
      query|graphql|tiles|mapserver|asof|cql2) echo "--runs 5" ;;
      changes) echo "--changes 100000 --catchups 1" ;;
      scaleout) echo "--duration 10 --connections 32 --baseline 0" ;;
      upload) echo "--uploadRuns 2" ;;
      locate) echo "--duration 8 --concurrency 1,16" ;;
      scale) echo "--sizes 1 --runs 5" ;;
      deconfliction) echo "--checks 100" ;;
    esac
  else
    case $s in
      scale) echo "--sizes 1,10" ;;
    esac
  fi
}

# The machine is small and shared: before each scenario, let the previous one's processes (a wrk run, a 10M index
# build) die down — wait up to 2 minutes for the 1-minute load average to fall under 1.5 — so that one scenario's
# tail does not land in the next one's timings. The load at the start is printed with each scenario.
settle() {
  local waited=0
  while [ $waited -lt 120 ] && awk '{ exit !($1 >= 1.5) }' /proc/loadavg; do sleep 5; waited=$((waited + 5)); done
}

failed=()
load_log=""
for s in "${scenarios[@]}"; do
  [ "$s" = setup ] || settle
  echo "=== $s ($(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1 /proc/loadavg))"
  if [ "$s" = setup ]; then bench setup "${pass[@]}"; continue; fi
  if [ "$s" = load ]; then
    # The reliability engineer's mixed wrk load on a fresh API (Debug build, its own throwaway database).
    load_log=bench/out/load.log
    dotnet build -v quiet -nologo src/GeoMonitor.Api/GeoMonitor.Api.csproj >/dev/null
    if [ $quick -eq 1 ]; then bench/load/run.sh 10s 32 2 2>&1 | tee "$load_log" || failed+=(load)
    else bench/load/run.sh 60s 100 2 2>&1 | tee "$load_log" || failed+=(load); fi
    continue
  fi
  if [ "$s" = engine ]; then
    # In-process, one thread, no database: every case of the engine, then the page of 1,000 items.
    dotnet build -c Release -v quiet -nologo bench/GeoMonitor.GraphQL.Bench/GeoMonitor.GraphQL.Bench.csproj >/dev/null
    seconds=3; [ $quick -eq 1 ] && seconds=1
    { echo; echo "## engine benchmark, $(date -u '+%Y-%m-%d %H:%M') UTC"; echo; echo '```';
      dotnet bench/GeoMonitor.GraphQL.Bench/bin/Release/net10.0/GeoMonitor.GraphQL.Bench.dll $seconds; echo '```'; } \
      | tee -a bench/out/results.md || failed+=(engine)
    continue
  fi
  # shellcheck disable=SC2046
  bench "$s" $(opts "$s") "${pass[@]}" || { echo "!!! $s failed"; failed+=("$s"); }
done

if [ "${scenarios[*]}" != setup ]; then
  args=(--since "$since")
  [ -n "$load_log" ] && args+=(--load "$load_log")
  [ ${#failed[@]} -gt 0 ] && args+=(--failed "$(IFS=,; echo "${failed[*]}")")
  bench summary "${args[@]}"
fi
[ ${#failed[@]} -eq 0 ] || { echo "failed: ${failed[*]}"; exit 1; }
