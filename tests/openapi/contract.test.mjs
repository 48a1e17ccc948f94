// Sends requests for every operation of the OpenAPI document through Prism (`prism proxy --errors`, a validating proxy
// in front of the API): anonymous, with a key of each role, with a key that is not valid, and with bad inputs. Prism
// checks each request and each answer against the document; with --errors an answer that disagrees with it comes back
// as Prism's own 500 "VIOLATIONS" (and every violation is listed in the sl-violations header). The tests assert 0
// violations and 0 answers of 5xx from the API, and print the counts. Run by scripts/test-openapi.sh
// (PRISM_URL, GEOMONITOR_URL, OPENAPI_DOC, OPENAPI_KEYS).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

const prism = process.env.PRISM_URL;
const upstream = process.env.GEOMONITOR_URL;
const doc = JSON.parse(fs.readFileSync(process.env.OPENAPI_DOC, 'utf8'));
const keys = JSON.parse(fs.readFileSync(process.env.OPENAPI_KEYS, 'utf8'));
const roles = ['anonymous', 'reader', 'reporter', 'reviewer', 'admin'];
const rank = Object.fromEntries(roles.map((r, i) => [r, i]));
const identities = [...roles, 'invalid-key'];
const run = Date.now().toString(36);

const operations = [];
for (const [path, item] of Object.entries(doc.paths))
  for (const [method, op] of Object.entries(item))
    if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) operations.push({ method: method.toUpperCase(), path, op, id: op.operationId });

const log = [];           // every exchange: {id, who, status, violations, prism, note}
const stats = { requests: 0, violations: 0, upstream5xx: 0, refusedByValidator: 0 };

function headersFor(who, extra = {}) {
  const h = { ...extra };
  if (who === 'invalid-key') h.authorization = 'Bearer gm_not-a-key-of-this-server';
  else if (who !== 'anonymous') {
    // Half the keyed calls use each scheme the document declares.
    if (who === 'reader' || who === 'reviewer') h['x-api-key'] = keys[who];
    else h.authorization = `Bearer ${keys[who]}`;
  }
  return h;
}

function url(path, params = {}, query = '') {
  const p = path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(String(params[k] ?? `missing-${k}`)));
  return prism + p + (query ? (query.startsWith('?') ? query : '?' + query) : '');
}

/** Sends one request through Prism and records what Prism said about it. */
async function send(operation, who, { params = {}, query = '', body, contentType = 'application/json', headers = {}, intent = 'valid', note = '' } = {}) {
  const h = headersFor(who, headers);
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    h['content-type'] ??= contentType;
  }
  const res = await fetch(url(operation.path, params, query), { method: operation.method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  const violations = JSON.parse(res.headers.get('sl-violations') || '[]');
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  const prismType = typeof json?.type === 'string' && json.type.startsWith('https://stoplight.io/prism/errors#') ? json.type.split('#')[1] : null;
  // Every severity counts: Prism reports an undeclared 4xx as a warning, an undeclared 2xx as an error.
  const responseViolations = violations.filter(v => v.location?.[0] === 'response');
  const entry = { id: operation.id, method: operation.method, path: operation.path, who, status: res.status, intent, note, prismType,
    responseViolations, requestViolations: violations.filter(v => v.location?.[0] === 'request'), json, text: text.slice(0, 400),
    headers: Object.fromEntries(res.headers) };
  stats.requests++;
  stats.violations += responseViolations.length;
  if (prismType === 'VIOLATIONS' && responseViolations.length === 0) stats.violations++;
  if (res.status >= 500 && !prismType) stats.upstream5xx++;
  if (prismType && prismType !== 'VIOLATIONS') stats.refusedByValidator++;
  log.push(entry);
  return entry;
}

// Straight to the API (setup only, never counted).
async function direct(method, path, who = 'admin', body) {
  const h = headersFor(who, body ? { 'content-type': 'application/json' } : {});
  const res = await fetch(upstream + path, { method, headers: h, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  try { return { status: res.status, json: JSON.parse(text), headers: res.headers }; } catch { return { status: res.status, text, headers: res.headers }; }
}

const report = (n) => ({
  source: 'openapi-test', externalId: `oa-${run}-${n}`, occurredAt: '2026-04-20T10:00:00Z', eventType: 'Battles',
  subEventType: 'Armed clash', fatalities: 0, lon: 35.3, lat: 33.15, notes: 'sent by scripts/test-openapi.sh',
});
const polygon = { type: 'Polygon', coordinates: [[[35.4, 33.2], [35.5, 33.2], [35.5, 33.3], [35.4, 33.2]]] };
let counter = 0;
const fresh = () => `oa-${run}-${++counter}`;

// Values found in the running API (sample data) before the calls.
const ctx = {};
async function discover() {
  const incidents = await direct('GET', '/api/incidents?limit=5&order=desc');
  ctx.incidentId = incidents.json.features[0].id ?? incidents.json.features[0].properties.id;
  const firstSlug = (json, member) => (Array.isArray(json) ? json : json?.[member] ?? json?.features ?? [])[0];
  const slugOf = (item) => item?.slug ?? item?.properties?.slug ?? item?.id;
  ctx.benchmark = slugOf(firstSlug((await direct('GET', '/api/benchmarks')).json, 'benchmarks')) ?? 'no-benchmark';
  ctx.custody = slugOf(firstSlug((await direct('GET', '/api/custody')).json, 'custody')) ?? 'no-custody';
  const disputes = await direct('GET', '/api/disputes');
  ctx.dispute = slugOf(firstSlug(disputes.json, 'disputes')) ?? 'no-dispute';
  const filed = await direct('POST', '/api/notifications', 'admin', { kind: 'strike', start: '2026-06-01T00:00:00Z', end: '2026-06-02T00:00:00Z', area: polygon });
  ctx.notification = filed.json?.id ?? 1;
  const asked = await direct('POST', '/api/clarifications', 'reporter', { lon: 35.5, lat: 33.2, at: '2026-04-20T10:00:00Z', question: 'openapi test' });
  ctx.clarification = asked.json?.id ?? 1;
  await direct('PUT', '/api/organisations/oa-org', 'admin', { name: 'OpenAPI test organisation' });
  await direct('PUT', `/api/teams/oa-team`, 'admin', { name: 'OpenAPI test team', organisation: 'oa-org' });
  // Layers that the DELETE calls may remove.
  for (const kind of ['zones', 'corridors', 'lines', 'truces'])
    await direct('PUT', `/api/${kind}/oa-doomed-${kind}`, 'admin', layerBody(kind));
  await direct('PUT', '/api/benchmarks/oa-doomed', 'admin', benchmarkBody());
  await direct('PUT', '/api/custody/oa-doomed', 'admin', { zone: 'litani-valley', force: 'none', from: '2031-01-01T00:00:00Z', source: 'openapi test' });
  await direct('PUT', `/api/disputes/${ctx.dispute}/claims/oa-org`, 'admin', { geometry: { type: 'Point', coordinates: [35.5, 33.1] }, source: 'openapi test' });
  // A claim that stays, for the claim reads (oa-org's is removed by DeleteClaim).
  await direct('PUT', `/api/disputes/${ctx.dispute}/claims/israel`, 'admin', { geometry: { type: 'Point', coordinates: [35.5001, 33.1001] }, source: 'openapi test' });
}

function layerBody(kind) {
  switch (kind) {
    case 'zones': return { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [[[[35.4, 33.1], [35.6, 33.1], [35.6, 33.3], [35.4, 33.1]]]] },
      properties: { name: 'OpenAPI zone', kind: 'other', source: 'openapi test' } };
    case 'corridors': return { type: 'Feature', geometry: { type: 'LineString', coordinates: [[35.2, 33.2], [35.3, 33.25]] },
      properties: { name: 'OpenAPI corridor', widthM: 500, status: 'open', source: 'openapi test' } };
    case 'lines': return { type: 'Feature', geometry: { type: 'LineString', coordinates: [[35.2, 33.2], [35.3, 33.25]] },
      properties: { name: 'OpenAPI line', kind: 'other', source: 'openapi test' } };
    default: return { name: 'OpenAPI truce', start: '2031-01-01T00:00:00Z', end: '2031-02-01T00:00:00Z', parties: ['israel', 'lebanon'], source: 'openapi test' };
  }
}
const benchmarkBody = () => ({ name: 'OpenAPI benchmark', zone: 'unsc-1701-area', requiredState: 'idf_withdrawn', dueAt: '2025-01-26T02:00:00Z', source: 'openapi test' });

/** The valid request of each operation (its "probe"), made anew for each identity. */
function probe(o, who) {
  const id = o.id;
  const slugOf = (kind) => ({ lines: 'blue-line', zones: 'withdrawal-phase1-west', corridors: 'tyre-naqoura-coastal', truces: 'ceasefire-2026-04' })[kind];
  const kind = o.path.split('/')[2];
  switch (id) {
    case 'GetIncidents': return { query: 'zone=withdrawal-phase1-west&truce=ceasefire-2026-04&limit=5' };
    case 'GetIncident': case 'GetIncidentHistory': return { params: { id: ctx.incidentId } };
    case 'CreateIncident': return { body: report(fresh()) };
    case 'UploadIncidentBatch': return { body: [report(fresh()), report(fresh())] };
    case 'CorrectIncident': return { params: { id: ctx.incidentId }, body: { notes: `corrected by ${who}` }, headers: { 'if-match': ctx.etag() } };
    case 'ReviewIncident': return { params: { id: ctx.incidentId }, body: { status: 'rejected', note: 'openapi test' } };
    case 'AssignIncident': return { params: { id: ctx.incidentId }, body: { team: 'oa-team' } };
    case 'VerifyIncident': return { params: { id: ctx.incidentId }, body: { outcome: 'verified_on_site', findings: 'openapi test' } };
    case 'AddIncidentNote': return { params: { id: ctx.incidentId }, body: { kind: 'note', text: 'openapi test' } };
    case 'GetLines': case 'GetZones': case 'GetCorridors': case 'GetTruces': return {};
    case 'GetLine': case 'GetZone': case 'GetCorridor': case 'GetTruce': return { params: { slug: slugOf(kind) } };
    case 'GetLineVersions': case 'GetZoneVersions': case 'GetCorridorVersions': case 'GetTruceVersions': return { params: { slug: slugOf(kind) } };
    case 'PutLine': case 'PutZone': case 'PutCorridor': case 'PutTruce': return { params: { slug: `oa-${kind}-${who}` }, body: layerBody(kind) };
    case 'DeleteLine': case 'DeleteZone': case 'DeleteCorridor': case 'DeleteTruce': return { params: { slug: `oa-doomed-${kind}` } };
    case 'ExtendTruce': return { params: { slug: 'oa-doomed-truces' }, body: { newEnd: `2031-03-0${1 + rank[who] || 9}T00:00:00Z`, source: 'openapi test' } };
    case 'GetTruceReport': return { params: { slug: 'ceasefire-2026-04' }, query: 'zone=unsc-1701-area' };
    case 'Locate': return { query: 'lon=35.4&lat=33.15&at=2026-04-20T12:00:00Z' };
    case 'GetIncidentStats': return { query: 'zone=unsc-1701-area&from=2026-03-01&to=2026-06-01&bucket=week' };
    case 'GetChanges': return { query: 'limit=20' };
    case 'GetDisputes': return {};
    case 'GetDispute': return { params: { slug: ctx.dispute } };
    case 'PutDispute': return { params: { slug: `oa-dispute-${who}` }, body: { name: 'OpenAPI dispute', line: 'blue-line', kind: 'point', source: 'openapi test' } };
    case 'PutClaim': return { params: { slug: ctx.dispute, party: 'unifil' }, body: { geometry: { type: 'Point', coordinates: [35.5, 33.1] }, source: 'openapi test' } };
    case 'DeleteClaim': return { params: { slug: ctx.dispute, party: 'oa-org' } };
    case 'GetClaim': return { params: { slug: ctx.dispute, party: 'israel' } };
    case 'GetClaimVersions': return { params: { slug: ctx.dispute, party: 'israel' } };
    case 'GetBenchmarks': return {};
    case 'GetBenchmark': return { params: { slug: ctx.benchmark } };
    case 'PutBenchmark': return { params: { slug: `oa-bench-${who}` }, body: benchmarkBody() };
    case 'RecordBenchmarkEvent': return { params: { slug: ctx.benchmark }, body: { at: '2025-02-01T00:00:00Z', status: 'met', source: 'openapi test' } };
    case 'DeleteBenchmark': return { params: { slug: 'oa-doomed' } };
    case 'GetCustody': return {};
    case 'GetCustodyRecord': return { params: { slug: ctx.custody } };
    case 'PutCustody': return { params: { slug: `oa-custody-${who}` }, body: { zone: 'litani-valley', force: 'none', from: '2032-01-01T00:00:00Z', source: 'openapi test' } };
    case 'DeleteCustody': return { params: { slug: 'oa-doomed' } };
    case 'FileNotification': case 'CheckNotification': return { body: { kind: 'strike', start: '2026-06-01T00:00:00Z', end: '2026-06-02T00:00:00Z', area: polygon } };
    case 'GetNotifications': return {};
    case 'GetNotification': case 'GetNotificationConflicts': return { params: { id: ctx.notification } };
    case 'AcknowledgeNotification': case 'WithdrawNotification': return { params: { id: ctx.notification }, body: { note: 'openapi test' } };
    case 'RequestClarification': return { body: { lon: 35.5, lat: 33.2, at: '2026-04-20T10:00:00Z', question: 'openapi test' } };
    case 'GetClarifications': return {};
    case 'GetClarification': return { params: { id: ctx.clarification } };
    case 'AnswerClarification': return { params: { id: ctx.clarification }, body: { answer: 'openapi test' } };
    case 'CloseClarification': return { params: { id: ctx.clarification }, body: { note: 'openapi test' } };
    case 'GetVerificationQueue': case 'GetVerificationStats': case 'GetObserverTeams': case 'GetOrganisations': return {};
    case 'GetObserverTeam': return { params: { slug: 'oa-team' } };
    case 'PutObserverTeam': return { params: { slug: `oa-team-${who}` }, body: { name: 'OpenAPI team', organisation: 'oa-org' } };
    case 'DeleteObserverTeam': return { params: { slug: 'oa-team-admin' } };
    case 'PutOrganisation': return { params: { slug: `oa-org-${who}` }, body: { name: 'OpenAPI organisation' } };
    case 'GetHealth': case 'GetMapConfig': return {};
    case 'GetMapCount': return { query: 'truce=coh-2024' };
    case 'GetTileLayers': return {};
    case 'GetTile': return { params: { layer: 'incidents', z: 10, x: 611, y: 409 } };
    case 'GetTileJson': return { params: { layer: 'incidents' } };
    case 'OgcLanding': case 'OgcConformance': case 'OgcApiDefinition': case 'OgcCollections': return {};
    case 'OgcCollection': case 'OgcQueryables': return { params: { collectionId: 'incidents' } };
    case 'OgcItems': return { params: { collectionId: 'incidents' }, query: 'limit=3' };
    case 'OgcItem': return { params: { collectionId: 'zones', featureId: 1 } };
    default: return null;
  }
}

// Bad inputs that pass the document's request checks and reach the API, which must refuse them with a declared 4xx.
function badInputs(o) {
  const p = probe(o, 'admin') ?? {};
  const list = [];
  // A parameter the operation does not know: handlers that read the query refuse it (400), naming the known ones.
  list.push({ ...p, query: (p.query ? p.query + '&' : '') + 'notAParameter=1', note: 'unknown parameter' });
  // A NUL in the query string: 400 from the request limits, before any handler.
  list.push({ ...p, query: 'x=%00', note: 'NUL in query' });
  if (p.body !== undefined) list.push({ ...p, headers: { ...(p.headers ?? {}), 'content-encoding': 'gzip' }, note: 'compressed body' });
  const params = { ...(p.params ?? {}) };
  for (const k of Object.keys(params)) {
    if (k === 'z' || k === 'x' || k === 'y') continue;
    list.push({ ...p, params: { ...params, [k]: typeof params[k] === 'number' ? 987654321 : 'no-such-thing-oa' }, note: `unknown ${k}` });
  }
  return list;
}

// Hand-picked bad inputs of the headline operations.
const specific = {
  GetIncidents: [
    { query: 'bbox=35.6,33.0,35.1,33.3', note: 'bbox minimum above maximum' },
    { query: 'zone=no-such-zone', note: 'unknown zone' },
    { query: 'from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z', note: 'from after to' },
    { query: 'near=35.4,33.1', note: 'near without radius' },
    { query: 'status=reported', note: 'held incidents without a key', who: 'anonymous' },
    { query: 'format=csv&zone=unsc-1701-area', note: 'CSV export' },
    { query: 'format=geojsonseq&zone=unsc-1701-area', note: 'GeoJSON text sequence' },
  ],
  CreateIncident: [
    { body: { ...report('bad'), eventType: 'Not an ACLED type', occurredAt: 'yesterday' }, note: '422 with field errors' },
    { body: { ...report(1), notes: 'different' }, note: '409: same key, different report', before: async () => direct('POST', '/api/incidents', 'reporter', report(1)) },
    { body: { ...report('big'), notes: 'x'.repeat(2_000_000) }, note: '413: larger than the limit' },
  ],
  UploadIncidentBatch: [
    { body: [report('b1'), { ...report('b2'), lat: 'north' }, { ...report('b3'), eventType: 'Nope' }], note: '422 listing bad rows' },
    { body: [report('b4'), { ...report('b5'), lat: 'north' }], query: 'partial=true', note: 'partial accept' },
    { body: 'source,externalId,occurredAt,eventType,subEventType,fatalities,lon,lat\nopenapi-test,oa-csv-' + run + ',2026-04-20T10:00:00Z,Battles,Armed clash,0,35.3,33.15\n',
      contentType: 'text/csv', note: 'CSV batch' },
  ],
  CorrectIncident: [
    { params: { id: () => ctx.incidentId }, body: { notes: 'no precondition' }, headers: {}, note: '428 without If-Match' },
    { params: { id: () => ctx.incidentId }, body: { notes: 'stale' }, headers: { 'if-match': '"1"' }, note: '412 with a stale version' },
    { params: { id: () => ctx.incidentId }, body: { fatalities: -3 }, headers: { 'if-match': () => ctx.etag() }, note: '422 invalid field' },
  ],
  GetLines: [{ headers: { 'if-none-match': () => ctx.linesEtag }, note: '304 on If-None-Match' }],
  GetZone: [{ params: { slug: 'withdrawal-phase1-west' }, query: 'asOf=2000-01-01T00:00:00Z', note: '404 before it existed' }],
  Locate: [{ query: 'lon=35.4', note: 'lat missing' }],
  GetTruceReport: [{ params: { slug: 'ceasefire-2026-04' }, query: 'zone=no-such-zone', note: 'unknown zone' }],
  OgcItems: [{ params: { collectionId: 'incidents' }, query: 'filter=fatalities >>> 0', note: 'CQL2 syntax error' },
    { params: { collectionId: 'incidents' }, query: 'f=html', note: 'HTML page' }],
  PutZone: [{ params: { slug: 'oa-bowtie' }, body: { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[35.4, 33.2], [35.6, 33.3], [35.6, 33.2], [35.4, 33.3], [35.4, 33.2]]] },
    properties: { name: 'bowtie', kind: 'other', source: 'openapi test' } }, note: '422 self-intersection' }],
};

async function refreshEtag() {
  ctx.currentEtag = (await direct('GET', `/api/incidents/${ctx.incidentId}`)).headers.get('etag') ?? '"1"';
}

const resolve = (v) => typeof v === 'function' ? v() : v;
const resolved = (req) => ({
  ...req,
  params: Object.fromEntries(Object.entries(req.params ?? {}).map(([k, v]) => [k, resolve(v)])),
  headers: Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k, resolve(v)])),
});

// Reads before writes, deletes last: each probe acts on what the earlier ones left.
const phase = (o) => o.method === 'GET' ? 0 : o.method === 'DELETE' ? 3 : o.id === 'CorrectIncident' ? 2 : 1;
const ordered = [...operations].sort((a, b) => phase(a) - phase(b));

test('every operation is exercised through the validating proxy, anonymous and with each role', async (t) => {
  await discover();
  ctx.etag = () => ctx.currentEtag;
  const lines = await direct('GET', '/api/lines');
  ctx.linesEtag = lines.headers.get('etag');
  const missing = [];
  for (const o of ordered) {
    if (!probe(o, 'admin')) { missing.push(o.id); continue; }
    for (const who of identities) {
      if (o.id === 'CorrectIncident') await refreshEtag();
      await send(o, who, resolved(probe(o, who)));
    }
  }
  assert.deepEqual(missing, [], 'operations without a request in this test');
});

test('bad inputs reach the API and get a declared 4xx', async () => {
  for (const o of ordered) {
    await refreshEtag();
    for (const req of [...badInputs(o), ...(specific[o.id] ?? [])]) {
      if (req.before) await req.before();
      await send(o, req.who ?? 'admin', { ...resolved(req), intent: 'bad' });
    }
  }
  const bad = log.filter(e => e.intent === 'bad' && !e.prismType);
  assert.ok(bad.filter(e => e.status >= 400 && e.status < 500).length > 100, 'bad inputs answered 4xx by the API');
});

test('the query parameters the API knows are the ones the document declares', () => {
  const mismatches = [];
  for (const e of log.filter(x => x.note === 'unknown parameter' && x.status === 400 && x.json?.detail?.includes('Known parameters:'))) {
    const known = e.json.detail.split('Known parameters:')[1].replace(/\.$/, '').split(',').map(s => s.trim()).filter(Boolean).sort();
    const op = operations.find(o => o.id === e.id).op;
    const declared = (op.parameters ?? []).filter(p => p.in === 'query').map(p => p.name).sort();
    // OGC items: the document declares the parameters of every collection; a collection knows its own.
    const ok = ['OgcItems', 'OgcCollection'].includes(e.id) ? known.every(k => declared.includes(k)) : JSON.stringify(known) === JSON.stringify(declared);
    if (!ok) mismatches.push(`${e.id}: API knows [${known}], document declares [${declared}]`);
  }
  assert.deepEqual(mismatches, []);
});

test('keyed operations refuse anonymous callers (401) and lower roles (403) as the document says', () => {
  const wrong = [];
  for (const o of operations) {
    const need = o.op['x-required-role'];
    for (const e of log.filter(x => x.id === o.id && x.intent === 'valid')) {
      if (e.who === 'invalid-key' && e.status !== 401) wrong.push(`${o.id} invalid key → ${e.status}`);
      if (need !== 'anonymous' && e.who !== 'invalid-key' && rank[e.who] < rank[need]) {
        const expected = e.who === 'anonymous' ? 401 : 403;
        if (e.status !== expected) wrong.push(`${o.id} as ${e.who} → ${e.status}, expected ${expected}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test('requests meant to be valid pass the validator (the document accepts what the API accepts)', () => {
  const refused = log.filter(e => e.intent === 'valid' && e.prismType && e.prismType !== 'VIOLATIONS'
    && !(e.who === 'anonymous' && e.prismType === 'UNAUTHORIZED'))
    .map(e => `${e.method} ${e.path} as ${e.who}: ${e.prismType} ${JSON.stringify(e.json?.validation ?? e.json?.detail)}`);
  assert.deepEqual(refused, []);
});

test('0 violations of the document and 0 × 5xx', () => {
  const violations = log.filter(e => e.responseViolations.length > 0 || e.prismType === 'VIOLATIONS')
    .map(e => `${e.method} ${e.path} as ${e.who} (${e.note || e.intent}) → ${JSON.stringify(e.responseViolations.map(v => `${v.location.join('.')}: ${v.message}`))}`);
  const errors = log.filter(e => e.status >= 500 && !e.prismType).map(e => `${e.method} ${e.path} as ${e.who}: ${e.status} ${e.text}`);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
});

after(() => {
  const byStatus = {};
  for (const e of log) byStatus[e.prismType ? `prism-${e.prismType}` : e.status] = (byStatus[e.prismType ? `prism-${e.prismType}` : e.status] ?? 0) + 1;
  const answered = new Set(log.filter(e => !e.prismType).map(e => e.id));
  console.log(`prism: ${stats.requests} requests over ${operations.length} operations (${answered.size} answered by the API), `
    + `${stats.violations} violations, ${stats.upstream5xx} × 5xx, ${stats.refusedByValidator} refused by the validator`);
  console.log(`prism: statuses ${JSON.stringify(byStatus)}`);
  if (process.env.OPENAPI_LOG) fs.writeFileSync(process.env.OPENAPI_LOG, JSON.stringify(log, null, 1));
});
