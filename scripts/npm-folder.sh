#!/usr/bin/env bash
# Installs the locked npm packages of a test folder (npm ci) into its node_modules, only when its lockfile changed since
# the last install. Usage: scripts/npm-folder.sh <folder with package.json and package-lock.json>
set -euo pipefail
dir=$1
stamp=$dir/node_modules/.geomonitor-lock
if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
  # Prism depends on a package that reports installs over the network unless told not to.
  (cd "$dir" && SCARF_ANALYTICS=false npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
fi
