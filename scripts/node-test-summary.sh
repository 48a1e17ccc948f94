#!/usr/bin/env bash
# Turns the closing lines of node's spec reporter ("ℹ pass N", "ℹ fail N") into "N passed, N failed".
# Usage: node-test-summary.sh <log> <exit code>
log=$1; rc=$2
p=$(grep -Eo 'ℹ pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
f=$(grep -Eo 'ℹ fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
p=${p:-0}; f=${f:-0}
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
rm -f "$log"
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
