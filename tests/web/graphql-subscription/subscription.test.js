// A real graphql-ws client (the library map front ends use) against a running API:
// an incident uploaded through REST reaches a subscriber within one second; a pre-notification filed and acknowledged
// through REST reaches a notificationChanged subscriber.
// Needs GEOMONITOR_URL and GEOMONITOR_ADMIN_KEY_FILE (scripts/with-api.sh sets both). Prints "N passed, N failed" last.
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const base = process.env.GEOMONITOR_URL;
const keyFile = process.env.GEOMONITOR_ADMIN_KEY_FILE;
if (!base || !keyFile) { console.error('GEOMONITOR_URL and GEOMONITOR_ADMIN_KEY_FILE are required'); process.exit(2); }
const key = readFileSync(keyFile, 'utf8').trim();
const wsUrl = base.replace(/^http/, 'ws') + '/graphql/ws';
const run = Date.now().toString(36);
let passed = 0, failed = 0;
const check = (ok, what) => { if (ok) passed++; else failed++; console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); };

const SUBSCRIPTION = `subscription ($source: String!) {
  incidentReported(filter: {sources: [$source]}) { id externalId status occurredAt zones { slug } blueLine { distanceMetres side } }
}`;

function client(connectionParams) {
  return createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false });
}

/** Subscribes and returns { next(timeoutMs) → Promise<event|null>, stop() }. */
function subscribe(c, query, variables) {
  const queue = [], waiters = [];
  const errors = [];
  const stop = c.subscribe({ query, variables }, {
    next: (v) => { const w = waiters.shift(); if (w) w(v); else queue.push(v); },
    error: (e) => { errors.push(e); const w = waiters.shift(); if (w) w({ error: e }); },
    complete: () => {},
  });
  return {
    errors,
    stop,
    next: (ms) => queue.length ? Promise.resolve(queue.shift())
      : new Promise((resolve) => { const t = setTimeout(() => { waiters.splice(waiters.indexOf(f), 1); resolve(null); }, ms); const f = (v) => { clearTimeout(t); resolve(v); }; waiters.push(f); }),
  };
}

async function upload(externalId) {
  const res = await fetch(`${base}/api/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ source: `node-${run}`, externalId, occurredAt: new Date(Date.now() - 60000).toISOString(),
      eventType: 'Battles', subEventType: 'Armed clash', lon: 35.2, lat: 33.2 }),
  });
  return res.status;
}

const reader = client({ Authorization: `Bearer ${key}` });
const anonymous = client(undefined);
try {
  const sub = subscribe(reader, SUBSCRIPTION, { source: `node-${run}` });
  const anon = subscribe(anonymous, SUBSCRIPTION, { source: `node-${run}` });
  const other = subscribe(reader, SUBSCRIPTION, { source: `someone-else-${run}` });

  // Warm-up: proves the subscription is live (the protocol has no per-subscription acknowledgement).
  let warm = null;
  for (let i = 0; i < 10 && !warm; i++) {
    check(await upload(`warm-${i}`) === 201, `warm-up upload ${i} is created (201)`);
    warm = await sub.next(2000);
  }
  check(warm?.data?.incidentReported?.externalId?.startsWith('warm-'), 'the subscriber receives the warm-up incident');

  const t0 = performance.now();
  const status = await upload('measured');
  const event = await sub.next(5000);
  const ms = performance.now() - t0;
  check(status === 201, 'POST /api/incidents answers 201');
  check(event?.data?.incidentReported?.externalId === 'measured', `the subscriber receives the uploaded incident (${JSON.stringify(event)?.slice(0, 200)})`);
  check(ms < 1000, `within one second of the upload request (${ms.toFixed(0)} ms)`);
  check(event?.data?.incidentReported?.status === 'REPORTED', 'with its status REPORTED');
  check(typeof event?.data?.incidentReported?.blueLine?.distanceMetres === 'number' || event?.data?.incidentReported?.blueLine === null,
    'with its stored Blue Line enrichment');

  check(await anon.next(300) === null, 'an anonymous subscriber does not see an unverified incident');
  check(await other.next(300) === null, 'a subscriber filtering on another source does not see it');

  const bad = subscribe(reader, 'subscription { incidentReported(filter: {withinZone: "no-such-zone"}) { id } }', {});
  const refused = await bad.next(3000);
  check(bad.errors.length > 0 || refused?.error, 'a subscription naming an unknown zone is refused');
  sub.stop(); anon.stop(); other.stop();

  // Pre-notifications (docs/truce-mechanisms.md): filed and acknowledged through REST, heard by notificationChanged.
  const NOTIFICATIONS = 'subscription { notificationChanged { id status kind organisation } }';
  const notes = subscribe(reader, NOTIFICATIONS, {});
  const file = async () => {
    const res = await fetch(`${base}/api/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ kind: 'convoy', area: ['33.20N 35.30E', '33.20N 35.31E', '33.21N 35.31E'],
        start: '2030-01-01T06:00:00Z', end: '2030-01-01T08:00:00Z' }),
    });
    return res.status === 201 ? (await res.json()).id : null;
  };
  let heard = null;
  for (let i = 0; i < 10 && !heard; i++) heard = await notes.next((await file()) ? 2000 : 0);
  check(heard?.data?.notificationChanged?.status === 'FILED', `a filed notification reaches the subscriber (${JSON.stringify(heard)?.slice(0, 200)})`);
  while (await notes.next(500)) { /* the warm-up's later events */ }
  const id = await file();
  const next = await notes.next(5000);
  check(next?.data?.notificationChanged?.id === String(id), 'the next one is the notification just filed');
  const ack = await fetch(`${base}/api/notifications/${id}/acknowledge`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
  const acknowledged = await notes.next(5000);
  check(ack.status === 200 && acknowledged?.data?.notificationChanged?.status === 'ACKNOWLEDGED', 'its acknowledgement reaches the subscriber');
  const anonNotes = subscribe(anonymous, NOTIFICATIONS, {});
  const anonAnswer = await anonNotes.next(3000);
  check(anonNotes.errors.length > 0 || anonAnswer?.error || anonAnswer?.errors, 'an anonymous subscription to notifications is refused');
  notes.stop(); anonNotes.stop();
} catch (e) {
  check(false, `unexpected failure: ${e?.stack ?? JSON.stringify(e)}`);
} finally {
  await reader.dispose();
  await anonymous.dispose();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
