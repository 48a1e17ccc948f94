#!/usr/bin/env bash
# Starts GeoMonitor on its embedded PostGIS (data in $GEOMONITOR_DATA, default .geomonitor/ here),
# loading the geodata on first start. Honours ASPNETCORE_URLS (default http://127.0.0.1:5000).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/prereqs.sh run
export GEOMONITOR_DATA=${GEOMONITOR_DATA:-$root/.geomonitor}
export ASPNETCORE_URLS=${ASPNETCORE_URLS:-http://127.0.0.1:5000}
dotnet build src/GeoMonitor.Api -c Release -v quiet -nologo
# The map and GraphiQL are static files built from npm packages (no CDN at run time); without them the API
# still runs and those two pages say how to build them.
scripts/build-web.sh || echo "warning: the map could not be built (scripts/build-web.sh)"
scripts/build-graphiql.sh || echo "warning: GraphiQL could not be built (scripts/build-graphiql.sh)"
base=${ASPNETCORE_URLS%%;*}
base=${base/\/\/+:/\/\/127.0.0.1:}; base=${base/\/\/\*:/\/\/127.0.0.1:}; base=${base/0.0.0.0/127.0.0.1}
cat <<MSG
GeoMonitor is starting (data: $GEOMONITOR_DATA)
  API          $base/api
  Swagger UI   $base/swagger
  Health       $base/health
  GraphQL      $base/graphql   (GraphiQL in a browser)
  OGC API      $base/ogc
  Map          $base/
MSG
exec dotnet src/GeoMonitor.Api/bin/Release/net10.0/GeoMonitor.Api.dll --contentRoot "$root/src/GeoMonitor.Api" "$@"
