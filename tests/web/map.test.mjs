// Drives the built-in map in Debian's headless Chromium (playwright-core; no browser download): the map loads with
// the basemap and place labels, choosing a truce shows as many incidents as the REST API returns for it (counted and
// drawn), a click shows an incident's details (provenance, precision in words, Blue Line, zones, truce, history with a
// key, permalink), Arabic and Hebrew labels are drawn, a copied link restores the same count and view, the PNG of the
// view is produced with its footer, playback walks a truce day by day, every control is reachable by keyboard, the
// legend stays distinguishable under simulated colour-vision deficiencies, and the phone layout is usable.
// Screenshots go to tests/web/out/ (and, with GEOMONITOR_SCREENSHOTS=<dir>, the README's two to that folder).
// Run by scripts/test-map.sh against a fresh API (GEOMONITOR_URL, GEOMONITOR_ADMIN_KEY_FILE).
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
const shots = process.env.GEOMONITOR_SCREENSHOTS ? path.resolve(process.env.GEOMONITOR_SCREENSHOTS) : null;
const adminKey = fs.readFileSync(process.env.GEOMONITOR_ADMIN_KEY_FILE, 'utf8').trim();

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  acceptDownloads: true,
});
await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
after(async () => {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

const page = context.pages()[0] ?? (await context.newPage());
const pageErrors = [];
const external = [];
const requested = [];
const watch = (p) => {
  p.on('pageerror', (e) => pageErrors.push(String(e)));
  p.on('request', (r) => {
    requested.push(r.url());
    if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) external.push(r.url());
  });
};
watch(page);

async function idle(p = page) {
  await p.waitForFunction(() => window.geomonitor?.map?.loaded() && window.geomonitor.map.areTilesLoaded(), null, { timeout: 30000 });
  await p.evaluate(() => new Promise((resolve) => {
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
  const drawn = await page.evaluate(() => Object.fromEntries(['land', 'coastline', 'boundaries', 'zones-fill', 'corridors', 'lines',
    'incidents', 'places-labels', 'country-labels']
    .map((l) => [l, window.geomonitor.map.queryRenderedFeatures({ layers: [l] }).length])));
  for (const [layer, n] of Object.entries(drawn)) assert.ok(n > 0, `${layer} drawn (${n})`);
  const labels = await page.evaluate(() => ({
    places: window.geomonitor.map.queryRenderedFeatures({ layers: ['places-labels'] }).map((f) => f.properties.slug),
    countries: [...new Set(window.geomonitor.map.queryRenderedFeatures({ layers: ['country-labels'] }).map((f) => f.properties.name))],
  }));
  assert.ok(labels.places.length >= 10, `place labels drawn: ${labels.places}`);
  assert.ok(labels.places.includes('tyre'), 'Tyre is labelled');
  assert.ok(labels.countries.includes('Lebanon') && labels.countries.includes('Israel'), `country names: ${labels.countries}`);
  // Labels are drawn with the fonts served by the API (font-faces), not fetched from elsewhere.
  assert.ok(requested.some((u) => u.startsWith(`${base}/vendor/fonts/noto-sans-latin-400-normal.woff2`)), 'the Latin label font came from the API');
  assert.ok(requested.some((u) => u.startsWith(`${base}/tiles/land/`)) && requested.some((u) => u.startsWith(`${base}/tiles/places/`)));
  const attribution = await page.textContent('.maplibregl-ctrl-attrib');
  assert.match(attribution, /Natural Earth/);
  assert.match(attribution, /1:10m/);
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

test('the layers are drawn as recorded at the end of the window the slider shows', async () => {
  // The previous test chose a truce: its end is the instant, never before the first recorded version of a layer.
  const config = await (await fetch(`${base}/map/config.json`)).json();
  const asOf = await page.evaluate(() => window.geomonitor.layersAsOf);
  assert.ok(asOf !== null, 'a truce is chosen, so the layers have an instant');
  assert.ok(asOf >= config.layersRecordedFrom, 'not before the first recorded version');
  await idle();
  const iso = new Date(asOf * 1000).toISOString();
  for (const layer of ['zones', 'corridors', 'lines']) {
    assert.ok(requested.some((u) => u.startsWith(`${base}/tiles/${layer}/`) && new URL(u).searchParams.get('asOf') === iso),
      `${layer} tiles asked for as of ${iso}`);
  }
  assert.match(await page.textContent('#layersAsOf'), /as recorded on/);
  const drawn = await page.evaluate(() => ['zones-fill', 'lines'].map((l) => window.geomonitor.map.queryRenderedFeatures({ layers: [l] }).length));
  assert.ok(drawn.every((n) => n > 0), `zones and lines drawn as of ${iso}: ${drawn}`);
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
  const rest = (await (await fetch(`${base}/api/incidents/${shown}`)).json()).properties;
  const text = await page.textContent('#details');
  assert.match(text, /When/);
  assert.match(text, new RegExp(`time precision ${rest.timePrecision}: `));
  assert.match(text, new RegExp(`geo precision ${rest.geoPrecision}: `));
  assert.match(text, new RegExp(`${Math.round(rest.blueLineDistanceM).toLocaleString('en')} m from the Blue Line, ${rest.blueLineSide} of it, on the ${rest.blueLineSide === 'north' ? 'Lebanese' : 'Israeli'} side`));
  const config = await (await fetch(`${base}/map/config.json`)).json();
  for (const z of rest.zones) assert.ok(text.includes(config.zones.find((x) => x.slug === z).name), `zone ${z} named`);
  for (const t of rest.truces) assert.ok(text.includes(config.truces.find((x) => x.slug === t).name), `truce ${t} named`);
  assert.match(text, new RegExp(`${rest.source} / ${rest.externalId}`));
  assert.match(text, /Status\s*published_verified: published after the on-site verification and an independent review/);
  assert.match(await page.textContent('#historyNote'), /needs a reader API key/);
  const permalink = await page.getAttribute('#permalink', 'href');
  assert.match(permalink, new RegExp(`[#&]incident=${shown}(&|$)`));
  assert.ok(permalink.startsWith(`${base}/#`));
  await page.screenshot({ path: path.join(out, 'map-details.png') });
  if (shots) { fs.mkdirSync(shots, { recursive: true }); await page.screenshot({ path: path.join(shots, 'map-desktop.png') }); }
});

test('with a reader key the panel shows the review history', async () => {
  await page.click('#keyBox summary');
  await page.fill('#apiKey', adminKey);
  await page.click('#useKey');
  await page.waitForSelector('#history tbody tr', { timeout: 15000 });
  const id = await page.getAttribute('#details', 'data-id');
  const history = await (await fetch(`${base}/api/incidents/${id}/history`, { headers: { 'X-Api-Key': adminKey } })).json();
  assert.equal(await page.locator('#history tbody tr').count(), history.revisions.length);
  assert.match(await page.textContent('#history'), new RegExp(history.revisions[0].action));
  assert.equal(await page.evaluate(() => sessionStorage.getItem('geomonitor.key') !== null), true);
  assert.ok(!(await page.evaluate(() => location.href)).includes(adminKey), 'the key never goes into the link');
  await page.click('#forgetKey');
  await page.waitForFunction(() => document.querySelector('#keyStatus').textContent === 'No key.');
});

// Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color vision deficiency",
// IEEE TVCG 15(6): the matrices for severity 1.0, applied to linear RGB. CIE L*a*b* (D65) and the CIE76 distance.
const CVD = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
};
const toLinear = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
function lab([r, g, b]) {
  const [R, G, B] = [r, g, b].map((v) => Math.min(1, Math.max(0, v)));
  const X = 0.4124564 * R + 0.3575761 * G + 0.1804375 * B;
  const Y = 0.2126729 * R + 0.7151522 * G + 0.0721750 * B;
  const Z = 0.0193339 * R + 0.1191920 * G + 0.9503041 * B;
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const [fx, fy, fz] = [f(X / 0.95047), f(Y), f(Z / 1.08883)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
const simulate = (rgb255, m) => {
  const c = rgb255.map((v) => toLinear(v / 255));
  return m ? m.map((row) => row[0] * c[0] + row[1] * c[1] + row[2] * c[2]) : c;
};

test('with a key the queue panel lists what waits in the verification lifecycle, with state and age', async () => {
  assert.equal(await page.isHidden('#queueBox'), true, 'no queue without a key');
  if (!(await page.$eval('#keyBox', (d) => d.open))) await page.click('#keyBox summary');
  await page.fill('#apiKey', adminKey);
  await page.click('#useKey');
  await page.waitForSelector('#queue li', { timeout: 15000 });
  const queue = await (await fetch(`${base}/api/verification/queue?limit=100`, { headers: { 'X-Api-Key': adminKey } })).json();
  assert.ok(queue.count > 0, 'the sample data has incidents waiting (reported, under independent review)');
  const rows = await page.$$eval('#queue li', (els) => els.map((e) => ({ id: Number(e.dataset.id), state: e.dataset.state, age: e.querySelector('.age').textContent })));
  assert.deepEqual(rows.map((r) => [r.id, r.state]), queue.items.map((i) => [i.id, i.state]));
  for (const r of rows) assert.match(r.age, /^\d+ (min|h \d+ min|d \d+ h)$/);
  assert.match(await page.textContent('#queueCount'), new RegExp(`^${queue.total} waiting`));
  // A row opens the incident (held from the public: the key reads it).
  await page.click(`#queue li[data-id="${rows[0].id}"] button`);
  await page.waitForFunction((id) => document.querySelector('#details').dataset.id === String(id), rows[0].id, { timeout: 15000 });
  assert.match(await page.textContent('#details'), new RegExp(`Status\\s*${rows[0].state}`));
  await page.screenshot({ path: path.join(out, 'map-queue.png') });
  await page.click('#forgetKey');
  await page.waitForFunction(() => document.querySelector('#keyStatus').textContent === 'No key.');
  assert.equal(await page.isHidden('#queueBox'), true, 'the queue goes with the key');
});

test('the legend stays distinguishable under simulated protanopia, deuteranopia and tritanopia', async () => {
  const swatches = await page.$$eval('#legend .sw', (els) => els.map((e) => ({
    group: e.dataset.group, key: e.dataset.key, rgb: getComputedStyle(e).backgroundColor.match(/\d+/g).slice(0, 3).map(Number),
  })));
  assert.ok(swatches.length >= 9);
  // ΔE76 ≈ 2.3 is a just-noticeable difference; markers on a map must differ at a glance.
  const needed = { status: 20, layer: 15, custody: 15 };
  for (const group of Object.keys(needed)) {
    const set = swatches.filter((s) => s.group === group);
    assert.ok(set.length >= 4, group);
    for (const [vision, m] of [['normal', null], ...Object.entries(CVD)]) {
      for (let i = 0; i < set.length; i++) for (let j = i + 1; j < set.length; j++) {
        const [a, b] = [lab(simulate(set[i].rgb, m)), lab(simulate(set[j].rgb, m))];
        const d = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
        assert.ok(d >= needed[group], `${vision}: ${set[i].key} and ${set[j].key} are ${d.toFixed(1)} apart (need ${needed[group]})`);
      }
    }
  }
  // The map draws with the legend's colours.
  const style = await page.evaluate(() => JSON.stringify([
    window.geomonitor.map.getPaintProperty('incidents', 'circle-color'), window.geomonitor.map.getPaintProperty('lines', 'line-color')]).toLowerCase());
  const hex = (rgb) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  for (const s of swatches.filter((x) => x.group === 'status' || ['blueLine', 'river'].includes(x.key))) assert.ok(style.includes(hex(s.rgb)), `${s.key} ${hex(s.rgb)} in the style`);
});

test('Arabic and Hebrew place names are drawn, right to left, with the RTL plugin served by the API', async () => {
  await page.selectOption('#lang', 'ar');
  await page.evaluate(() => window.geomonitor.map.jumpTo({ center: [35.50806, 33.13833], zoom: 12.5 }));   // Blida
  await idle();
  assert.equal(await page.evaluate(() => window.geomonitor.rtlStatus()), 'loaded');
  assert.ok(requested.includes(`${base}/vendor/mapbox-gl-rtl-text.js`), 'the plugin came from the API');
  assert.ok(requested.some((u) => u.startsWith(`${base}/vendor/fonts/noto-sans-arabic-arabic-400-normal.woff2`)), 'the Arabic font came from the API');
  const blida = await page.evaluate(() => window.geomonitor.map.queryRenderedFeatures({ layers: ['places-labels'] })
    .filter((f) => f.properties.slug === 'blida').map((f) => ({ ar: f.properties.name_ar, drawn: f.layer.layout['text-field'].sections.map((x) => x.text) })));
  assert.equal(blida.length, 1, 'Blida is labelled');
  assert.equal(blida[0].ar, 'بليدا');
  assert.deepEqual(blida[0].drawn, ['بليدا', '\n', 'Blida'], 'the label drawn is the Arabic name over the English one');
  assert.match(await page.evaluate(() => location.hash), /lang=ar/);
  await page.screenshot({ path: path.join(out, 'map-arabic.png') });

  await page.selectOption('#lang', 'he');
  await page.evaluate(() => window.geomonitor.map.jumpTo({ center: [35.466667, 33.354167], zoom: 12.5 }));  // Shukin
  await idle();
  const shukin = await page.evaluate(() => window.geomonitor.map.queryRenderedFeatures({ layers: ['places-labels'] })
    .filter((f) => f.properties.slug === 'shukin').map((f) => f.layer.layout['text-field'].sections.map((x) => x.text)));
  assert.deepEqual(shukin, [['שוכין', '\n', 'Shukin']]);
  assert.ok(requested.some((u) => u.startsWith(`${base}/vendor/fonts/noto-sans-hebrew-hebrew-400-normal.woff2`)), 'the Hebrew font came from the API');
  await page.screenshot({ path: path.join(out, 'map-hebrew.png') });
});

test('a copied link reopens the same filters, count and view', async () => {
  const config = await (await fetch(`${base}/map/config.json`)).json();
  await page.selectOption('#truce', config.truces[1].slug);
  await page.selectOption('#zone', 'unsc-1701-area');
  await page.evaluate(() => window.geomonitor.map.jumpTo({ center: [35.4123, 33.2345], zoom: 9.75 }));
  await page.waitForFunction(() => document.querySelector('#count').dataset.query.includes('zone=unsc-1701-area'));
  await idle();
  await page.click('#copyLink');
  await page.waitForFunction(() => document.querySelector('#shareStatus').textContent === 'Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.startsWith(`${base}/#`), link);
  const rest = await (await fetch(`${base}/api/incidents?truce=${config.truces[1].slug}&zone=unsc-1701-area&limit=10000`)).json();

  const other = await context.newPage();
  watch(other);
  await other.goto(link);
  await other.waitForFunction(() => window.geomonitor?.ready && window.geomonitor.count !== null, null, { timeout: 30000 });
  await idle(other);
  assert.equal(await other.getAttribute('#count', 'data-count'), String(rest.features.length));
  assert.equal(await other.getAttribute('#count', 'data-count'), await page.getAttribute('#count', 'data-count'));
  for (const id of ['truce', 'zone', 'lang']) assert.equal(await other.inputValue(`#${id}`), await page.inputValue(`#${id}`), id);
  const view = (p) => p.evaluate(() => { const m = window.geomonitor.map; const c = m.getCenter(); return [m.getZoom(), c.lat, c.lng]; });
  const [a, b] = [await view(page), await view(other)];
  assert.ok(Math.abs(a[0] - b[0]) < 0.01 && Math.abs(a[1] - b[1]) < 1e-4 && Math.abs(a[2] - b[2]) < 1e-4, `view ${a} → ${b}`);
  const ids = await other.evaluate(() => [...new Set(window.geomonitor.map.queryRenderedFeatures({ layers: ['incidents'] }).map((f) => f.id))].length);
  assert.ok(ids > 0 && ids <= rest.features.length);
  await other.close();
});

test('Download PNG gives the view with its legend, time range and attribution burnt in', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#downloadPng')]);
  const file = path.join(out, 'map-view.png');
  await download.saveAs(file);
  const png = fs.readFileSync(file);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];   // IHDR
  const meta = await page.evaluate(() => { const { blob, ...m } = window.geomonitor.lastPng; return m; });
  assert.deepEqual([w, h], [meta.width, meta.height]);
  const canvas = await page.evaluate(() => [window.geomonitor.map.getCanvas().width, window.geomonitor.map.getCanvas().height]);
  assert.equal(w, canvas[0]);
  assert.ok(h > canvas[1] + 80, `a footer under the map (${h} vs ${canvas[1]})`);
  const config = await (await fetch(`${base}/map/config.json`)).json();
  const t = config.truces[1];
  assert.match(meta.title, new RegExp(t.name.replace(/[()]/g, '.')));
  assert.ok(meta.timeLine.includes(new Date(t.start * 1000).toISOString().slice(0, 10)) && meta.timeLine.includes(new Date(t.end * 1000).toISOString().slice(0, 10)), meta.timeLine);
  assert.match(meta.attribution, /Natural Earth.*1:10m/);
  // The footer has ink (legend swatches and text) and the map part is the map.
  const ink = await page.evaluate(async () => {
    const { blob, mapHeight, width, height } = window.geomonitor.lastPng;
    const img = await createImageBitmap(blob);
    const c = document.createElement('canvas'); c.width = width; c.height = height;
    const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, mapHeight, width, height - mapHeight).data;
    let dark = 0, vermillion = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] < 80 && d[i + 1] < 80 && d[i + 2] < 80) dark++;
      if (Math.abs(d[i] - 0xd5) < 6 && Math.abs(d[i + 1] - 0x5e) < 6 && Math.abs(d[i + 2]) < 6) vermillion++;
    }
    return { dark, vermillion };
  });
  assert.ok(ink.dark > 500, `text in the footer (${ink.dark} dark pixels)`);
  assert.ok(ink.vermillion > 20, `the legend's verified swatch in the footer (${ink.vermillion} pixels)`);
});

test('Play walks a truce day by day, the count growing to the truce total; the sparkline shows days and truce windows', async () => {
  const config = await (await fetch(`${base}/map/config.json`)).json();
  const t = config.truces[0];
  await page.selectOption('#zone', '');
  await page.selectOption('#truce', t.slug);
  await page.waitForFunction((s) => document.querySelector('#count').dataset.query === `truce=${s}`, t.slug);
  await page.selectOption('#speed', '80');
  await page.click('#play');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
  await page.waitForFunction(() => window.geomonitor.play.finished === true && !window.geomonitor.play.playing, null, { timeout: 120000 });
  const history = await page.evaluate(() => window.geomonitor.play.history);
  assert.equal(history.length, Math.ceil((t.end - t.start) / 86400));
  for (let i = 1; i < history.length; i++) assert.ok(history[i].count >= history[i - 1].count, `day ${i + 1} does not lose incidents`);
  const rest = await (await fetch(`${base}/api/incidents?truce=${t.slug}&limit=10000`)).json();
  assert.equal(history.at(-1).count, rest.features.length);
  const firstDay = await (await fetch(`${base}/map/count?truce=${t.slug}&from=${new Date(t.start * 1000).toISOString()}&to=${new Date((t.start + 86400) * 1000).toISOString()}`)).json();
  assert.equal(history[0].count, firstDay.count);
  await page.waitForFunction((n) => document.querySelector('#count').dataset.count === String(n), rest.features.length);
  await page.evaluate((b) => window.geomonitor.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { animate: false, padding: 30 }), config.bounds);
  await idle();
  assert.equal((await drawnIds()).length, rest.features.length);

  const spark = await page.evaluate(() => window.geomonitor.spark);
  const windows = config.truces.reduce((n, x) => n + 1 + x.extensions.length, 0);
  assert.equal(spark.marks, windows, 'each truce window and extension marked');
  assert.ok(spark.bars > 10 && spark.total === (await (await fetch(`${base}/map/count`)).json()).count, JSON.stringify(spark));
  assert.ok(await page.locator('#spark .extmark').count() >= config.truces.reduce((n, x) => n + x.extensions.length, 0));
});

// The sample custody (geodata/truce-mechanisms.json): the 1701 area held by the LAF (with UNIFIL) since 2006; the two
// illustrative withdrawal sectors held by the IDF until their deadlines, 26 Jan 2025 02:00Z (west) and 18 Feb 2025
// 22:00Z (east), then by the LAF.
test('the zones are coloured by who holds them on the date at the end of the time range', async () => {
  const held = async (at) => {
    await page.goto(`${base}/#to=${at}`);
    await page.waitForFunction((a) => window.geomonitor?.ready && window.geomonitor.custody?.at === a, at, { timeout: 30000 });
    return page.evaluate(() => ({ held: window.geomonitor.custody.held, fill: window.geomonitor.map.getPaintProperty('zones-fill', 'fill-color') }));
  };
  const palette = await page.evaluate(() => window.geomonitor.palette.CUSTODY);
  const expectations = [
    ['2025-01-01T00:00:00Z', { 'unsc-1701-area': 'laf', 'withdrawal-phase1-west': 'idf', 'withdrawal-phase2-east': 'idf' }],
    ['2025-02-01T00:00:00Z', { 'unsc-1701-area': 'laf', 'withdrawal-phase1-west': 'laf', 'withdrawal-phase2-east': 'idf' }],
    ['2025-03-01T00:00:00Z', { 'unsc-1701-area': 'laf', 'withdrawal-phase1-west': 'laf', 'withdrawal-phase2-east': 'laf' }],
  ];
  for (const [at, expected] of expectations) {
    const { held: h, fill } = await held(at);
    assert.deepEqual(h, expected, `custody on ${at}`);
    const api = await (await fetch(`${base}/api/custody?at=${at}`)).json();
    assert.deepEqual(Object.fromEntries(api.custody.filter((c) => c.zone).map((c) => [c.zone.slug, c.force])), expected, 'as the API answers');
    for (const [slug, force] of Object.entries(expected)) {
      const i = fill.indexOf(slug);
      assert.ok(i > 0 && fill[i + 1] === palette[force], `${slug} drawn in the ${force} colour on ${at}: ${JSON.stringify(fill)}`);
    }
    await idle();
  }
  assert.match(await page.textContent('#custodyNote'), /2025-03-01 00:00:00 UTC/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(out, 'map-custody.png') });
  await page.click('#custody');
  await page.waitForFunction(() => window.geomonitor.custody === null);
  assert.equal(await page.evaluate(() => window.geomonitor.map.getPaintProperty('zones-fill', 'fill-color')), await page.evaluate(() => window.geomonitor.palette.LAYER.zone));
  assert.ok(requested.some((u) => u.startsWith(`${base}/api/custody?at=`)), 'custody fetched from the API');
});

test('every control is reachable and usable by keyboard', async () => {
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.geomonitor?.ready && window.geomonitor.count !== null, null, { timeout: 30000 });
  const reached = new Set();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.className || document.activeElement?.tagName));
  }
  for (const id of ['truce', 'zone', 'eventType', 'status', 'lang', 'from', 'to', 'play', 'speed', 'resetTime', 'copyLink', 'downloadPng', 'inView'])
    assert.ok(reached.has(id), `#${id} reached by Tab (reached: ${[...reached].join(' ')})`);
  assert.ok([...reached].some((r) => String(r).includes('maplibregl-canvas')), 'the map itself takes focus (arrow keys pan it)');
  await page.focus('#lang');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => window.location.hash.includes('lang=ar'));
  await page.focus('#to');
  const before = await page.inputValue('#to');
  await page.keyboard.press('ArrowLeft');
  assert.equal(Number(await page.inputValue('#to')), Number(before) - 1);
  await page.waitForFunction(() => window.location.hash.includes('to='));
  await page.focus('#play');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
});

test('on a phone-sized viewport the map and every control fit and can be used', async () => {
  const phone = await context.newPage();
  watch(phone);
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${base}/`);
  await phone.waitForFunction(() => window.geomonitor?.ready && window.geomonitor.count !== null, null, { timeout: 30000 });
  await idle(phone);
  const layout = await phone.evaluate(() => {
    const r = document.querySelector('#map').getBoundingClientRect();
    return { map: [r.left, r.top, r.width, r.height], scrollWidth: document.documentElement.scrollWidth };
  });
  assert.deepEqual(layout.map.slice(0, 3), [0, 0, 390], 'the map spans the top of the screen');
  assert.ok(layout.map[3] >= 300, `map height ${layout.map[3]}`);
  assert.ok(layout.scrollWidth <= 390, `no sideways scrolling (${layout.scrollWidth})`);
  for (const sel of ['#truce', '#zone', '#eventType', '#status', '#lang', '#play', '#speed', '#resetTime', '#copyLink', '#downloadPng', '#inView', '#keyBox summary']) {
    const el = phone.locator(sel);
    await el.scrollIntoViewIfNeeded();
    const box = await el.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${sel} within the screen (${JSON.stringify(box)})`);
    assert.ok(box.height >= 40, `${sel} is at least 40 px high (${box.height})`);
  }
  const config = await (await fetch(`${base}/map/config.json`)).json();
  const rest = await (await fetch(`${base}/api/incidents?truce=${config.truces[0].slug}&limit=10000`)).json();
  await phone.selectOption('#truce', config.truces[0].slug);
  await phone.waitForFunction((n) => document.querySelector('#count').dataset.count === String(n), rest.features.length);
  await phone.evaluate(() => window.scrollTo(0, 0));
  await idle(phone);
  const places = await phone.evaluate(() => window.geomonitor.map.queryRenderedFeatures({ layers: ['places-labels'] }).length);
  assert.ok(places > 0, 'place labels on the phone');
  await phone.screenshot({ path: path.join(out, 'map-phone.png') });
  if (shots) await phone.screenshot({ path: path.join(shots, 'map-phone.png') });
  await phone.close();
});

test('no script errors and nothing fetched from outside the API', () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(external, []);
});
