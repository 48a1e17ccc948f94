#!/usr/bin/env bash
# How long the API's embedded database is away after its postmaster is SIGKILLed, the API left running (its supervisor
# restarts the server; crash recovery replays the WAL): time from the kill to the first /health 200 that reports the
# restart. Runs on a fresh API (scripts/with-api.sh: Debug build, embedded cluster in a throwaway folder).
#   bench/recovery/run.sh [runs=5]      prints each run, idle and during a 50,000-row batch upload, and the medians
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
# One kill at a time is measured, so the back-off (which grows when the server dies again within StableAfterSeconds)
# is reset between runs: the script waits longer than this between kills.
export GeoMonitor__EmbeddedSupervisor__StableAfterSeconds=3
export GeoMonitor__RateLimit__KeyPerSecond=1000000 GeoMonitor__RateLimit__AnonymousPerSecond=1000000
"$root/scripts/with-api.sh" python3 "$root/bench/recovery/kill_postmaster.py" "$runs"
