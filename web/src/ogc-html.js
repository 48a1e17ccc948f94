// The map of an OGC API HTML page (/ogc/collections/{id}/items?f=html and one feature): the features of the page, from
// the JSON in #map-data, drawn with the MapLibre copy this API serves over the API's own line tiles (the Blue Line and
// rivers for context). Nothing is fetched from another origin. A click on a feature opens its page. window.ogcMap
// tells the browser test (tests/web/ogc-html.test.mjs) when the map has drawn and how many features it shows.
import { Map as MapLibreMap, NavigationControl } from './vendor/maplibre-gl.mjs';

const container = document.getElementById('map');
const data = JSON.parse(document.getElementById('map-data').textContent);
window.ogcMap = { ready: false, drawn: 0, count: data.features.length };
const layers = ['page-fill', 'page-outline', 'page-lines', 'page-points'];
const site = new URL('.', import.meta.url).href;

function bounds(fc) {
  let b = [180, 90, -180, -90];
  const visit = (c) => {
    if (typeof c[0] === 'number') b = [Math.min(b[0], c[0]), Math.min(b[1], c[1]), Math.max(b[2], c[0]), Math.max(b[3], c[1])];
    else c.forEach(visit);
  };
  const geometries = (g) => (g.type === 'GeometryCollection' ? g.geometries.flatMap(geometries) : [g]);
  fc.features.filter((f) => f.geometry).flatMap((f) => geometries(f.geometry)).forEach((g) => visit(g.coordinates));
  return b[0] > b[2] ? [35.0, 32.9, 36.0, 33.6] : b; // an empty page: the Blue Line area
}

// Empty fields of the query form are left out, so that an empty "Sort by" means the default order rather than an error.
document.querySelector('form.query')?.addEventListener('submit', (e) => {
  for (const input of e.currentTarget.querySelectorAll('input')) if (input.value.trim() === '') input.disabled = true;
});

const kind = (types) => ['match', ['geometry-type'], types, true, false];

if (container) {
  const map = new MapLibreMap({
    container,
    bounds: bounds(data),
    fitBoundsOptions: { padding: 40, maxZoom: 13 },
    attributionControl: false,
    style: {
      version: 8,
      sources: {
        lines: { type: 'vector', tiles: [`${site}tiles/lines/{z}/{x}/{y}.mvt`], maxzoom: 16 },
        page: { type: 'geojson', data },
      },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#eef0ea' } },
        {
          id: 'context-lines', type: 'line', source: 'lines', 'source-layer': 'lines',
          paint: { 'line-color': ['match', ['get', 'kind'], 'blue_line', '#1f4fbf', '#7fa7c4'], 'line-width': 1.5 },
        },
        { id: 'page-fill', type: 'fill', source: 'page', filter: kind(['Polygon', 'MultiPolygon']), paint: { 'fill-color': '#d9a441', 'fill-opacity': 0.25 } },
        { id: 'page-outline', type: 'line', source: 'page', filter: kind(['Polygon', 'MultiPolygon']), paint: { 'line-color': '#9c6f1a', 'line-width': 1 } },
        { id: 'page-lines', type: 'line', source: 'page', filter: kind(['LineString', 'MultiLineString']), paint: { 'line-color': '#b03030', 'line-width': 2.5 } },
        {
          id: 'page-points', type: 'circle', source: 'page', filter: kind(['Point', 'MultiPoint']),
          paint: { 'circle-radius': 6, 'circle-color': '#c0392b', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
        },
      ],
    },
  });
  map.addControl(new NavigationControl({ showCompass: false }));
  map.on('click', layers, (e) => {
    const id = e.features[0]?.id;
    const link = id === undefined ? null : document.querySelector(`tr[data-id="${CSS.escape(String(id))}"] a.feature`);
    if (link) window.location.href = link.href;
  });
  for (const l of layers) {
    map.on('mouseenter', l, () => { map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', l, () => { map.getCanvas().style.cursor = ''; });
  }
  map.on('idle', () => {
    const ids = new Set(map.queryRenderedFeatures({ layers }).map((f) => f.id));
    window.ogcMap.drawn = ids.size;
    window.ogcMap.ready = true;
    container.dataset.drawn = String(ids.size);
  });
  window.ogcMap.map = map;
}
