// The TypeScript client generated from the OpenAPI document (openapi-typescript types + openapi-fetch), type-checked by
// tsc with this file, runs the headline query and an upload against the API. The headline answer is checked against
// a referee computed here from the zone's polygon and the truce's window as the same client reads them (ray casting in
// JavaScript, not PostGIS). Run by tests/openapi/run.sh (GEOMONITOR_URL, OPENAPI_KEYS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import createClient from 'openapi-fetch';
import type { paths, components } from './out/api.js';

const keys = JSON.parse(fs.readFileSync(process.env.OPENAPI_KEYS!, 'utf8')) as Record<string, string>;
const api = createClient<paths>({ baseUrl: process.env.GEOMONITOR_URL! });
const asReporter = createClient<paths>({ baseUrl: process.env.GEOMONITOR_URL!, headers: { Authorization: `Bearer ${keys.reporter}` } });

type Position = number[];

// GET /api/incidents answers GeoJSON, CSV or a GeoJSON text sequence (format=): the JSON one is an object.
function json<T>(data: T): Exclude<T, string | undefined> {
  if (data === undefined || typeof data === 'string') throw new Error('expected a JSON answer');
  return data as Exclude<T, string | undefined>;
}
type IncidentFeature = components['schemas']['IncidentFeature'];

// Even-odd ray casting over every ring of every polygon (holes included).
function inRings(p: Position, rings: Position[][]): boolean {
  let inside = false;
  const [x, y] = p as [number, number];
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  return inside;
}

function inside(p: Position, geometry: components['schemas']['Geometry']): boolean {
  if (geometry.type === 'Polygon') return inRings(p, geometry.coordinates as Position[][]);
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as Position[][][]).some(poly => inRings(p, poly));
  throw new Error(`not an area: ${geometry.type}`);
}

async function everyIncident(): Promise<IncidentFeature[]> {
  const all: IncidentFeature[] = [];
  let cursor: string | undefined;
  do {
    const { data, error } = await api.GET('/api/incidents', { params: { query: { limit: 1000, cursor } } });
    const page = json(data);
    assert.ok(page, JSON.stringify(error));
    all.push(...page.features);
    const next = page.links.find(l => l.rel === 'next');
    cursor = next ? new URL(next.href).searchParams.get('cursor') ?? undefined : undefined;
  } while (cursor);
  return all;
}

test('the headline query (incidents in zone X during truce Y) through the generated client matches a referee', async () => {
  const zone = await api.GET('/api/zones/{slug}', { params: { path: { slug: 'withdrawal-phase1-west' } } });
  const truce = await api.GET('/api/truces/{slug}', { params: { path: { slug: 'ceasefire-2026-04' } } });
  assert.ok(zone.data && truce.data, 'the zone and the truce are readable');
  const area = zone.data.geometry;
  assert.ok(area, 'the zone has a polygon');
  const start = Date.parse(truce.data.start);
  const end = truce.data.end === null ? Infinity : Date.parse(truce.data.end);

  const answer = await api.GET('/api/incidents', {
    params: { query: { zone: 'withdrawal-phase1-west', truce: 'ceasefire-2026-04', limit: 10000 } },
  });
  assert.equal(answer.response.status, 200, JSON.stringify(answer.error));
  const data = json(answer.data);
  assert.equal(data.type, 'FeatureCollection');
  assert.equal(data.numberReturned, data.features.length);

  const expected = (await everyIncident())
    .filter(f => inside(f.geometry.coordinates, area))
    .filter(f => { const t = Date.parse(f.properties.occurredAt); return t >= start && t < end; })
    .map(f => f.id).sort((a, b) => a - b);
  const got = data.features.map(f => f.id).sort((a, b) => a - b);
  assert.ok(expected.length > 0, 'the referee finds incidents in the zone during the truce');
  assert.deepEqual(got, expected);
});

test('an upload through the generated client is stored, enriched and idempotent', async () => {
  const zones = await api.GET('/api/zones');
  assert.ok(zones.data);
  const report: components['schemas']['IncidentReport'] = {
    source: 'openapi-client', externalId: `client-${Date.now()}`, occurredAt: '2026-04-20T10:00:00Z',
    eventType: 'Battles', subEventType: 'Armed clash', fatalities: 2, lon: 35.25, lat: 33.12, notes: 'typed client',
  };
  const created = await asReporter.POST('/api/incidents', { body: report });
  assert.equal(created.response.status, 201, JSON.stringify(created.error));
  assert.ok(created.data);
  assert.equal(created.data.externalId, report.externalId);
  assert.equal(created.data.fatalities, 2);
  assert.equal(created.data.status, 'reported');
  assert.ok(Math.abs(created.data.location.lon - 35.25) < 1e-6 && Math.abs(created.data.location.lat - 33.12) < 1e-6);
  // The zones the API stored for it are those whose polygon holds the point (referee: ray casting here) and whose
  // validity [validFrom, validTo) holds its time (null: open).
  const at = Date.parse(report.occurredAt!);
  const valid = (z: components['schemas']['LayerFeature']) =>
    (z.properties.validFrom == null || Date.parse(z.properties.validFrom) <= at) && (z.properties.validTo == null || at < Date.parse(z.properties.validTo));
  const holding = zones.data.features.filter(z => z.geometry != null && inside([35.25, 33.12], z.geometry) && valid(z)).map(z => z.properties.slug).sort();
  assert.deepEqual([...created.data.enrichment.zones].sort(), holding);

  const again = await asReporter.POST('/api/incidents', { body: report });
  assert.equal(again.response.status, 200);
  assert.equal(again.data?.id, created.data.id);

  // Anonymous callers do not see it (not published); its reporter does, with the same values.
  const anonymous = await api.GET('/api/incidents/{id}', { params: { path: { id: String(created.data.id) } } });
  assert.equal(anonymous.response.status, 401);
  assert.equal(anonymous.error?.status, 401);
  const mine = await asReporter.GET('/api/incidents/{id}', { params: { path: { id: String(created.data.id) } } });
  assert.equal(mine.data?.properties.externalId, report.externalId);
  assert.equal(mine.data?.properties.status, 'reported');

  const bad = await asReporter.POST('/api/incidents', { body: { ...report, externalId: `${report.externalId}-bad`, eventType: 'Not a type' } });
  assert.equal(bad.response.status, 422);
  assert.ok(bad.error?.errors?.some(e => e.field === 'eventType'));
});
