#!/usr/bin/env bash
# Mirrors GeoMonitor into a folder and keeps it current: run it as often as you like (by hand, from cron, from a notebook).
# Usage: mirror.sh [API address] [folder]        defaults: http://127.0.0.1:5000 and ./geomonitor-mirror
# Needs bash, curl and jq. Without a key it mirrors the public incidents; with GEOMONITOR_KEY (a reader key) every status.
#
# The folder holds incidents/<id>.geojson (each incident as it is now), layers/<kind>-<slug>.geojson (each line, zone,
# corridor and truce as it is now; each party's claim as layers/claim-<dispute>.<party>.geojson) and next-token, where
# the next run resumes. A run asks GET /api/changes for every change after the stored token and applies it: a change
# that carries the incident writes its file, a tombstone (deleted, rejected, withdrawn, no longer public) removes it, a
# layer or claim change fetches that version of it. The token is stored after each page is applied, so an interrupted
# run resumes where it stopped. A 400 about the token
# means the API cannot resume from it (another database): start again in an empty folder.
set -euo pipefail
api=${1:-http://127.0.0.1:5000}
dir=${2:-geomonitor-mirror}
auth=()
if [ -n "${GEOMONITOR_KEY:-}" ]; then auth=(-H "Authorization: Bearer $GEOMONITOR_KEY"); fi
mkdir -p "$dir/incidents" "$dir/layers"

apply() { # one change, as JSON
  local c=$1 kind id version file held
  kind=$(jq -r .kind <<<"$c")
  id=$(jq -r .id <<<"$c")
  version=$(jq -r .version <<<"$c")
  if [ "$kind" = incident ]; then file="$dir/incidents/$id.geojson"; else file="$dir/layers/$kind-${id//\//.}.geojson"; fi
  # Nothing older than the version held: two writes that overlapped can arrive out of version order. (A change of the
  # version held re-derives its zones, corridors, truces or Blue Line fields after a layer changed.)
  held=$(cat "$file.version" 2>/dev/null || echo 0)
  if [ "$(jq -r '.tombstone // false' <<<"$c")" = true ]; then
    [ "$version" -gt "$held" ] || return 0
    rm -f "$file"
  elif [ "$kind" = incident ]; then
    # superseded: the incident has a newer version, whose own change brings it.
    [ "$version" -ge "$held" ] && [ "$(jq -r '.incident != null' <<<"$c")" = true ] || return 0
    jq .incident <<<"$c" >"$file.tmp" && mv "$file.tmp" "$file"
  else
    [ "$version" -gt "$held" ] || return 0
    curl -sS --fail "${auth[@]}" "$api$(jq -r .href <<<"$c")" -o "$file.tmp" && mv "$file.tmp" "$file"
  fi
  echo "$version" >"$file.version"
}

while :; do
  since=$(cat "$dir/next-token" 2>/dev/null || true)
  if ! page=$(curl -sS --fail-with-body "${auth[@]}" -G "$api/api/changes" --data-urlencode limit=500 ${since:+--data-urlencode "since=$since"}); then
    echo "$page" >&2
    exit 1
  fi
  while IFS= read -r change; do apply "$change"; done < <(jq -c '.changes[]' <<<"$page")
  jq -r .next <<<"$page" >"$dir/next-token.tmp" && mv "$dir/next-token.tmp" "$dir/next-token"
  [ "$(jq -r .more <<<"$page")" = true ] || break
done
echo "$(ls "$dir/incidents" | grep -c '\.geojson$' || true) incidents and $(ls "$dir/layers" | grep -c '\.geojson$' || true) layers in $dir"
