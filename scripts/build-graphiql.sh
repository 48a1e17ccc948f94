#!/usr/bin/env bash
# Builds the GraphiQL page's static files from npm into src/GeoMonitor.Api/wwwroot/graphiql/.
# About 4 MB in all, so nothing here is committed (wwwroot/ is git-ignored): this script writes the bundles and the
# page (index.html, graphiql-start.js) that the GraphQL endpoint serves to browsers.
# Needs node/npm and the npm registry at build time; nothing is fetched at run time. Idempotent: skips when present.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/src/GeoMonitor.Api/wwwroot/graphiql"
BUILD="$ROOT/artifacts/graphiql-build"
GRAPHIQL_VERSION=3.8.3   # last major with a UMD bundle that needs no bundler
REACT_VERSION=18.3.1     # React 19 ships no UMD builds
GRAPHQL_VERSION=16.9.0

if [[ "${1:-}" != "--force" && -f "$OUT/graphiql.min.js" && -f "$OUT/react.production.min.js" && -f "$OUT/index.html" ]]; then
  echo "GraphiQL assets already present in $OUT (use --force to rebuild)"
  exit 0
fi
command -v npm >/dev/null || { echo "npm is required to build GraphiQL" >&2; exit 1; }

mkdir -p "$BUILD" "$OUT"
cat > "$BUILD/package.json" <<JSON
{ "name": "geomonitor-graphiql-build", "private": true,
  "dependencies": { "graphiql": "$GRAPHIQL_VERSION", "react": "$REACT_VERSION", "react-dom": "$REACT_VERSION", "graphql": "$GRAPHQL_VERSION" } }
JSON
(cd "$BUILD" && npm install --no-audit --no-fund --loglevel=error >/dev/null)

cp "$BUILD/node_modules/graphiql/graphiql.min.js" "$BUILD/node_modules/graphiql/graphiql.min.css" "$OUT/"
cp "$BUILD/node_modules/react/umd/react.production.min.js" "$OUT/"
cp "$BUILD/node_modules/react-dom/umd/react-dom.production.min.js" "$OUT/"
# {{ASSETS}} and {{ENDPOINT}} are filled in by the endpoint, which knows the path it is mapped at.
cat > "$OUT/index.html" <<'HTML'
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>GeoMonitor GraphQL</title>
  <!-- All assets are local (built by scripts/build-graphiql.sh); nothing is loaded from a CDN. -->
  <link rel="stylesheet" href="{{ASSETS}}/graphiql.min.css">
  <style>
    html, body, #graphiql { height: 100%; margin: 0; }
  </style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="{{ASSETS}}/react.production.min.js"></script>
  <script src="{{ASSETS}}/react-dom.production.min.js"></script>
  <script src="{{ASSETS}}/graphiql.min.js"></script>
  <script src="{{ASSETS}}/graphiql-start.js" data-endpoint="{{ENDPOINT}}"></script>
</body>
</html>
HTML
cat > "$OUT/graphiql-start.js" <<'JS'
// Mounts GraphiQL against the endpoint that served this page. Kept out of index.html so a strict
// Content-Security-Policy (no inline scripts) still allows the page.
(function () {
  var endpoint = document.currentScript.getAttribute('data-endpoint');
  var fetcher = GraphiQL.createFetcher({
    url: new URL(endpoint, window.location.href).toString(),
    headers: { Accept: 'application/graphql-response+json, application/json;q=0.9' },
  });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true }));
})();
JS
echo "GraphiQL $GRAPHIQL_VERSION written to $OUT ($(du -sh "$OUT" | cut -f1))"
