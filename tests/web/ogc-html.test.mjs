// Clicks through the OGC API's HTML pages in Debian's headless Chromium (playwright-core; no browser download), as a
// journalist would: the landing page (chosen by the browser's own Accept header, no f=html), the collections, the
// incidents collection, a page of items (table rows = features returned = points the map drew), the next page, one
// feature. A report whose notes hold HTML is shown as text, never run. No request leaves the origin.
// Run by scripts/test-ogc-html.sh against a fresh API (GEOMONITOR_URL, GEOMONITOR_ADMIN_KEY_FILE).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.GEOMONITOR_URL;
assert.ok(base, 'GEOMONITOR_URL is not set (run through scripts/with-api.sh)');
const adminKey = fs.readFileSync(process.env.GEOMONITOR_ADMIN_KEY_FILE, 'utf8').trim();
const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'out');
fs.mkdirSync(out, { recursive: true });
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gm-chromium-'));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
after(async () => {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

const page = context.pages()[0] ?? (await context.newPage());
const problems = [];
page.on('pageerror', (e) => problems.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
const external = [];
context.on('request', (r) => {
  const u = r.url();
  if (!u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:')) external.push(u);
});

async function mapDrawn(p = page) {
  await p.waitForFunction(() => window.ogcMap?.ready === true, null, { timeout: 30000 });
  return p.evaluate(() => window.ogcMap.drawn);
}

const rowIds = (p = page) => p.$$eval('#features tbody tr', (rows) => rows.map((r) => Number(r.dataset.id)));

test('from the landing page to a page of incidents: the table and the map show the features the JSON returns', async () => {
  const landing = await page.goto(`${base}/ogc`);
  assert.match(landing.headers()['content-type'], /^text\/html/);
  assert.match(await page.textContent('h1'), /OGC API/);

  await page.click('#to-collections');
  await page.waitForSelector('table.collections');
  assert.equal(await page.locator('a.collection').count(), 4);
  await page.click('a.collection:text-is("Incidents")');
  await page.waitForSelector('#to-items');
  await page.click('#to-items');
  await page.waitForSelector('#features');

  const rows = await rowIds();
  const json = await (await fetch(`${base}/ogc/collections/incidents/items`)).json();
  assert.equal(rows.length, json.numberReturned);
  assert.equal(rows.length, 10, 'the default page of 10');
  assert.deepEqual(rows, json.features.map((f) => f.id));
  assert.equal(await page.getAttribute('#summary', 'data-returned'), String(rows.length));
  assert.equal(await mapDrawn(), rows.length, 'every feature of the page drawn on the map');
  await page.screenshot({ path: path.join(out, 'ogc-items.png') });

  await page.click('#next');
  await page.waitForFunction((first) => Number(document.querySelector('#features tbody tr')?.dataset.id) !== first, rows[0]);
  const second = await rowIds();
  assert.equal(second.length, 10);
  assert.deepEqual(second, json.features.length ? (await (await fetch(json.links.find((l) => l.rel === 'next').href)).json()).features.map((f) => f.id) : []);
  assert.equal(second.filter((id) => rows.includes(id)).length, 0, 'the next page holds other incidents');
  assert.equal(await mapDrawn(), second.length);
});

test('one feature: its properties and its point on the map', async () => {
  const id = (await rowIds())[0];
  await page.click(`tr[data-id="${id}"] a.feature`);
  await page.waitForSelector('#properties');
  assert.equal(await page.textContent('#properties tr:has(th:text-is("id")) td'), String(id));
  const json = await (await fetch(`${base}/ogc/collections/incidents/items/${id}`)).json();
  assert.equal(await page.textContent('#properties tr:has(th:text-is("eventType")) td'), json.properties.eventType);
  assert.equal(await mapDrawn(), 1);
});

test('a CQL2 filter typed into the form gives the rows the JSON API gives', async () => {
  await page.goto(`${base}/ogc/collections/incidents/items?f=html`);
  await page.fill('input[name=filter]', "eventType = 'Protests' AND fatalities = 0");
  await page.fill('input[name=limit]', '100');
  await page.click('form.query button');
  await page.waitForURL(/filter=/);
  const rows = await rowIds();
  const json = await (await fetch(`${base}/ogc/collections/incidents/items?limit=100&filter=${encodeURIComponent("eventType = 'Protests' AND fatalities = 0")}`)).json();
  assert.ok(json.numberReturned > 0, 'the sample data has protests without fatalities');
  assert.deepEqual(rows, json.features.map((f) => f.id));
  assert.equal(await mapDrawn(), rows.length);
});

test('a zone layer page draws polygons', async () => {
  await page.goto(`${base}/ogc/collections/zones/items?f=html&limit=5`);
  const rows = await rowIds();
  assert.equal(rows.length, 5);
  assert.ok(await mapDrawn() >= 1);
});

test('notes holding HTML are shown as text and never run', async () => {
  const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  const res = await fetch(`${base}/api/incidents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      source: 'html-test', externalId: 'xss-1', occurredAt: '2024-12-01T06:10:00Z', eventType: 'Protests',
      subEventType: 'Peaceful protest', fatalities: 0, geoPrecision: 1, notes: payload, coordinate: '33.2 35.5',
    }),
  });
  const body = await res.text();
  assert.ok(res.ok, `upload: ${res.status} ${body}`);
  const created = JSON.parse(body);
  const id = created.id ?? created.properties?.id;
  assert.ok(id, JSON.stringify(created));

  // Reported, so only a keyed caller sees it: this page sends the key.
  const keyed = await context.newPage();
  await keyed.setExtraHTTPHeaders({ Authorization: `Bearer ${adminKey}` });
  keyed.on('pageerror', (e) => problems.push(String(e)));
  const response = await keyed.goto(`${base}/ogc/collections/incidents/items/${id}?f=html`);
  assert.ok((await response.text()).includes('&lt;img src=x onerror='), 'the notes are HTML-encoded in the document');
  assert.equal(await keyed.textContent('#properties tr:has(th:text-is("notes")) td'), payload);
  assert.equal(await keyed.evaluate(() => window.__xss), undefined);
  assert.equal(await keyed.locator('#properties img').count(), 0);
  await keyed.close();
});

test('no request left the origin and no page error occurred', () => {
  assert.deepEqual(external, []);
  assert.deepEqual(problems, []);
});
