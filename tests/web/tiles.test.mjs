// Decodes GeoMonitor's vector tiles with an independent decoder (@mapbox/vector-tile + pbf) and checks features and
// coordinates. Run by scripts/test-tiles.sh against a fresh API (GEOMONITOR_URL, GEOMONITOR_ADMIN_KEY_FILE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';

const base = process.env.GEOMONITOR_URL;
assert.ok(base, 'GEOMONITOR_URL is not set (run through scripts/with-api.sh)');
const adminKey = fs.readFileSync(process.env.GEOMONITOR_ADMIN_KEY_FILE, 'utf8').trim();

// The XYZ tile of a lon/lat and its position inside the tile (extent 4096), from the Web Mercator formulas.
function locate(lon, lat, z) {
  const n = 2 ** z;
  const fx = ((lon + 180) / 360) * n;
  const phi = (lat * Math.PI) / 180;
  const fy = ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n;
  const x = Math.floor(fx);
  const y = Math.floor(fy);
  return { x, y, px: (fx - x) * 4096, py: (fy - y) * 4096 };
}

async function tile(path, headers = {}) {
  const res = await fetch(base + path, { headers });
  if (res.status !== 200) assert.fail(`${path}: ${res.status} ${await res.text()}`);
  assert.equal(res.headers.get('content-type'), 'application/vnd.mapbox-vector-tile');
  return new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer())));
}

function features(vt, name) {
  const layer = vt.layers[name];
  if (!layer) return [];
  return Array.from({ length: layer.length }, (_, i) => layer.feature(i));
}

test('a hand-placed incident is at its tile-local coordinates at zooms 10, 14 and 16', async () => {
  const lon = 35.3579;
  const lat = 33.1468;
  const source = `node-tiles-${Date.now()}`;
  const post = await fetch(`${base}/api/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
    body: JSON.stringify({ source, externalId: 'p1', occurredAt: '2025-03-01T09:30:00Z', eventType: 'Battles', subEventType: 'Armed clash', lon, lat, fatalities: 1 }),
  });
  const body = await post.text();
  assert.ok(post.ok, `upload: ${post.status} ${body}`);
  const id = JSON.parse(body).id;
  assert.ok(Number.isInteger(id));
  for (const z of [10, 14, 16]) {
    const { x, y, px, py } = locate(lon, lat, z);
    const vt = await tile(`/tiles/incidents/${z}/${x}/${y}.mvt?source=${source}`, { authorization: `Bearer ${adminKey}` });
    const list = features(vt, 'incidents');
    assert.equal(list.length, 1, `z${z}: one feature`);
    const f = list[0];
    assert.equal(f.id, id);
    assert.equal(f.type, 1); // Point
    assert.equal(vt.layers.incidents.extent, 4096);
    const [[pt]] = f.loadGeometry();
    assert.ok(Math.abs(pt.x - px) <= 1, `z${z}: x ${pt.x} vs ${px}`);
    assert.ok(Math.abs(pt.y - py) <= 1, `z${z}: y ${pt.y} vs ${py}`);
    assert.equal(f.properties.occurredAt, '2025-03-01T09:30:00Z');
    assert.equal(f.properties.eventType, 'Battles');
    assert.equal(f.properties.status, 'reported');
    // Back to degrees through the decoder's own GeoJSON conversion: within a tile unit of the original.
    const gj = f.toGeoJSON(x, y, z);
    const unitDeg = 360 / 2 ** z / 4096;
    assert.ok(Math.abs(gj.geometry.coordinates[0] - lon) <= unitDeg, `z${z}: lon`);
    assert.ok(Math.abs(gj.geometry.coordinates[1] - lat) <= unitDeg, `z${z}: lat`);
  }
  // Anonymous callers do not see the unverified report.
  const { x, y } = locate(lon, lat, 14);
  assert.equal(features(await tile(`/tiles/incidents/14/${x}/${y}.mvt?source=${source}`), 'incidents').length, 0);
});

test('sample incidents from the OGC API sit where their coordinates say', async () => {
  const page = await (await fetch(`${base}/ogc/collections/incidents/items?limit=5`)).json();
  assert.ok(page.features.length > 0, 'needs verified sample incidents');
  for (const feat of page.features) {
    const [lon, lat] = feat.geometry.coordinates;
    const { x, y, px, py } = locate(lon, lat, 12);
    const match = features(await tile(`/tiles/incidents/12/${x}/${y}.mvt`), 'incidents').find((f) => f.id === feat.id);
    assert.ok(match, `incident ${feat.id} in tile 12/${x}/${y}`);
    const [[pt]] = match.loadGeometry();
    assert.ok(Math.abs(pt.x - px) <= 1 && Math.abs(pt.y - py) <= 1, `incident ${feat.id}: ${pt.x},${pt.y} vs ${px},${py}`);
    assert.equal(match.properties.eventType, feat.properties.eventType);
  }
});

test('a truce filter gives the same incidents as the REST API', async () => {
  const truces = await (await fetch(`${base}/map/config.json`)).json();
  const slug = truces.truces[0].slug;
  const rest = await (await fetch(`${base}/api/incidents?truce=${slug}&limit=10000`)).json();
  const ids = features(await tile(`/tiles/incidents/0/0/0.mvt?truce=${slug}`), 'incidents').map((f) => f.id);
  assert.deepEqual([...ids].sort((a, b) => a - b), rest.features.map((f) => f.id).sort((a, b) => a - b));
  for (const f of features(await tile(`/tiles/incidents/0/0/0.mvt?truce=${slug}`), 'incidents'))
    assert.ok(f.properties.truces.split(',').includes(slug));
});

test('the layers draw: zones are polygons, lines are lines, and the TileJSON points at the tiles', async () => {
  const tj = await (await fetch(`${base}/tiles/zones.json`)).json();
  assert.equal(tj.tilejson, '3.0.0');
  assert.match(tj.tiles[0], /\/tiles\/zones\/\{z\}\/\{x\}\/\{y\}\.mvt$/);
  const [w, s, e, n] = tj.bounds;
  const c = locate((w + e) / 2, (s + n) / 2, 6);
  const zones = features(await tile(`/tiles/zones/6/${c.x}/${c.y}.mvt`), 'zones');
  const ogcZones = await (await fetch(`${base}/ogc/collections/zones/items?limit=1000`)).json();
  assert.equal(zones.length, ogcZones.numberMatched);
  assert.ok(zones.every((f) => f.type === 3));
  const lines = features(await tile(`/tiles/lines/6/${c.x}/${c.y}.mvt`), 'lines');
  assert.ok(lines.some((f) => f.properties.kind === 'blue_line'));
  assert.ok(lines.every((f) => f.type === 2));
});
