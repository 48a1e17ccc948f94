// Drives the built-in map in Debian's headless Chromium (playwright-core; no browser download): the map loads,
// choosing a truce shows as many incidents as the REST API returns for it (counted and drawn), a click shows an
// incident's details, the download links carry the filters, and a screenshot is saved to tests/web/out/map.png.
// Run by scripts/test-map.sh against a fresh API (GEOMONITOR_URL).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.GEOMONITOR_URL;
assert.ok(base, 'GEOMONITOR_URL is not set (run through scripts/with-api.sh)');
const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'out');
fs.mkdirSync(out, { recursive: true });
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gm-chromium-'));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
after(async () => {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

const page = context.pages()[0] ?? (await context.newPage());
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
const external = [];
page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) external.push(r.url()); });

async function idle() {
  await page.waitForFunction(() => window.geomonitor?.map?.loaded() && window.geomonitor.map.areTilesLoaded(), null, { timeout: 30000 });
  await page.evaluate(() => new Promise((resolve) => {
    const m = window.geomonitor.map;
    if (!m.isMoving() && m.loaded()) { m.once('idle', resolve); m.triggerRepaint(); } else m.once('idle', resolve);
  }));
}

const drawnIds = () => page.evaluate(() =>
  [...new Set(window.geomonitor.map.queryRenderedFeatures({ layers: ['incidents'] }).map((f) => f.id))].sort((a, b) => a - b));

test('the map loads with every layer drawn from the tiles', async () => {
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.geomonitor?.ready && window.geomonitor.count !== null, null, { timeout: 30000 });
  await idle();
  const drawn = await page.evaluate(() => Object.fromEntries(['zones-fill', 'corridors', 'lines', 'incidents']
    .map((l) => [l, window.geomonitor.map.queryRenderedFeatures({ layers: [l] }).length])));
  for (const [layer, n] of Object.entries(drawn)) assert.ok(n > 0, `${layer} drawn (${n})`);
  const verified = await (await fetch(`${base}/map/count`)).json();
  assert.equal(await page.getAttribute('#count', 'data-count'), String(verified.count));
  assert.ok(await page.locator('#bands span').count() > 0, 'truce windows marked on the time slider');
});

test('choosing a truce shows as many incidents as the REST API returns for it', async () => {
  const config = await (await fetch(`${base}/map/config.json`)).json();
  const slug = config.truces[0].slug;
  const rest = await (await fetch(`${base}/api/incidents?truce=${slug}&limit=10000`)).json();
  const expected = rest.features.map((f) => f.id).sort((a, b) => a - b);
  assert.ok(expected.length > 0, 'the first truce has verified incidents');

  await page.selectOption('#truce', slug);
  await page.waitForFunction((s) => document.querySelector('#count').dataset.query === `truce=${s}`, slug, { timeout: 15000 });
  assert.equal(await page.getAttribute('#count', 'data-count'), String(expected.length));
  assert.match(await page.textContent('#count'), new RegExp(`^${expected.length} incident`));
  await idle();
  assert.deepEqual(await drawnIds(), expected);

  const href = await page.getAttribute('#dlCsv', 'href');
  assert.match(href, new RegExp(`truce=${slug}`));
  assert.match(href, /format=csv/);
  assert.match(href, /bbox=/);
  assert.match(await page.getAttribute('#dlHxl', 'href'), /hxl=true/);
  assert.match(await page.getAttribute('#dlGeojson', 'href'), /format=geojson/);

  await page.screenshot({ path: path.join(out, 'map.png') });
});

test('clicking an incident shows its details', async () => {
  const target = await page.evaluate(() => {
    const m = window.geomonitor.map;
    const f = m.queryRenderedFeatures({ layers: ['incidents'] })[0];
    const p = m.project(f.geometry.coordinates);
    const box = m.getCanvas().getBoundingClientRect();
    return { id: f.id, x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.click(target.x, target.y);
  await page.waitForFunction(() => document.querySelector('#details').dataset.id, null, { timeout: 15000 });
  const shown = Number(await page.getAttribute('#details', 'data-id'));
  const near = await page.evaluate(({ x, y }) => {
    const m = window.geomonitor.map;
    const box = m.getCanvas().getBoundingClientRect();
    return m.queryRenderedFeatures([x - box.left, y - box.top], { layers: ['incidents'] }).map((f) => f.id);
  }, target);
  assert.ok(near.includes(shown), `details of a clicked incident (${shown} among ${near})`);
  assert.match(await page.textContent('#details'), /When/);
  await page.screenshot({ path: path.join(out, 'map-details.png') });
});

test('no script errors and nothing fetched from outside the API', () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(external, []);
});
