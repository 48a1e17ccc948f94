// GeoMonitor's built-in map: a basemap and place labels from the API's own tiles, the layers and incidents over it,
// filters that become the query parameters of /api/incidents (the same filter model on every surface), a time slider
// with a daily sparkline and the truce windows, day-by-day playback, details of an incident, and a view that lives in
// the URL (#…) so that a copied link or a downloaded PNG reopens or shows exactly it. Nothing is loaded from
// outside the API's origin: MapLibre, the RTL text plugin and the label fonts are served from /vendor/.
import {
  Map as MapLibreMap, NavigationControl, ScaleControl, AttributionControl, setRTLTextPlugin, getRTLTextPluginStatus,
} from './vendor/maplibre-gl.mjs';
import { STATUS, LAYER, CUSTODY, TEXT, LEGEND, colourOf } from './palette.js';

const origin = window.location.origin;
const $ = (id) => document.getElementById(id);
const DAY = 86400;
const FILTERS = ['truce', 'zone', 'eventType', 'status'];
const state = { truce: '', zone: '', eventType: '', status: '', from: null, to: null, lang: 'en' };
const play = { playing: false, timer: null, day: 0, steps: 0, start: 0, end: 0, history: [] };
let config = null;
let map = null;
let domain = [0, 1];
let generation = 0;
let fontFaces = null;
let selected = null;   // the incident whose details are shown
let key = sessionStorage.getItem('geomonitor.key') ?? '';

// Exposed for the browser test (tests/web/map.test.mjs) and for curious people in the console.
window.geomonitor = {
  state, count: null, ready: false, updates: 0, play, palette: { STATUS, LAYER, CUSTODY }, lastPng: null, spark: null, custody: null, rtlStatus: () => getRTLTextPluginStatus(),
};

const headers = () => (key ? { 'X-Api-Key': key } : {});
const api = (path) => fetch(path, { headers: headers() });
const tileUrl = (layer, query = '') => `${origin}/tiles/${layer}/{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`;
const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const day = (seconds) => new Date(seconds * 1000).toISOString().slice(0, 10);
const truceOf = (slug) => config.truces.find((t) => t.slug === slug);
const nameOf = (list, slug) => list.find((x) => x.slug === slug)?.name ?? slug;

// The layers (zones, corridors, lines) as recorded at the end of the window the slider or the truce shows: a zone redrawn
// later is drawn as it was then. Never before the first recorded version (layersRecordedFrom): the record starts there.
function layerAsOf() {
  const end = state.to ?? truceOf(state.truce)?.end ?? null;
  if (end === null) return null;
  // Rounded up to the millisecond the URL carries, so that the instant is not before the first version.
  const first = config.layersRecordedFrom === null || config.layersRecordedFrom === undefined ? null : Math.ceil(config.layersRecordedFrom * 1000) / 1000;
  return first !== null && end < first ? first : end;
}

function layerParams() {
  const p = new URLSearchParams();
  const at = layerAsOf();
  if (at !== null) p.set('asOf', new Date(at * 1000).toISOString());
  return p.toString();
}

function filterParams() {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (state[k]) p.set(k, state[k]);
  if (state.from !== null) p.set('from', iso(state.from));
  if (state.to !== null) p.set('to', iso(state.to));
  return p;
}

// ---- the view in the URL -------------------------------------------------------------------------------------
// #truce=…&zone=…&eventType=…&status=…&from=ISO&to=ISO&lang=ar&map=zoom/lat/lon&incident=id
const enc = (v) => encodeURIComponent(v).replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%2C/g, ',');

function readHash() {
  const h = new URLSearchParams(window.location.hash.slice(1));
  const out = {};
  for (const k of [...FILTERS, 'lang']) if (h.get(k)) out[k] = h.get(k);
  for (const k of ['from', 'to']) {
    const t = Date.parse(h.get(k) ?? '');
    if (Number.isFinite(t)) out[k] = Math.round(t / 1000);
  }
  const m = (h.get('map') ?? '').split('/').map(Number);
  if (m.length === 3 && m.every(Number.isFinite)) out.view = { zoom: m[0], lat: m[1], lon: m[2] };
  const incident = Number(h.get('incident'));
  if (Number.isInteger(incident) && incident > 0) out.incident = incident;
  return out;
}

function permalink(incident = selected) {
  const parts = [];
  for (const k of FILTERS) if (state[k]) parts.push(`${k}=${enc(state[k])}`);
  if (state.from !== null) parts.push(`from=${enc(iso(state.from))}`);
  if (state.to !== null) parts.push(`to=${enc(iso(state.to))}`);
  if (state.lang !== 'en') parts.push(`lang=${state.lang}`);
  if (map) {
    const c = map.getCenter();
    parts.push(`map=${map.getZoom().toFixed(2)}/${c.lat.toFixed(5)}/${c.lng.toFixed(5)}`);
  }
  if (incident) parts.push(`incident=${incident}`);
  return `${origin}/#${parts.join('&')}`;
}

function writeHash() {
  const url = permalink();
  if (url !== window.location.href) window.history.replaceState(null, '', url.slice(origin.length));
}

// ---- the style -----------------------------------------------------------------------------------------------
function labelField(lang) {
  if (lang === 'en') return ['get', 'name'];
  const local = `name_${lang}`;
  // The sourced local name, with the English one under it; the English name alone where none is sourced.
  return ['case', ['has', local], ['format', ['get', local], {}, '\n', {}, ['get', 'name'], { 'font-scale': 0.8 }], ['get', 'name']];
}

// Zones by kind; a zone coloured by its holder is drawn a little stronger (drawCustody).
const ZONE_OPACITY = ['match', ['get', 'kind'], 'withdrawal', 0.2, 'retained_post', 0.3, 'buffer', 0.07, 0.1];
const HELD_OPACITY = 0.3;

function style() {
  const basemap = config.basemap ?? {};
  const s = {
    version: 8,
    sources: {
      land: { type: 'vector', tiles: [tileUrl('land')], maxzoom: 14, attribution: basemap.attribution ?? undefined },
      borders: { type: 'vector', tiles: [tileUrl('borders')], maxzoom: 14 },
      places: { type: 'vector', tiles: [tileUrl('places')], maxzoom: 14, attribution: basemap.placesAttribution ?? undefined },
      zones: { type: 'vector', tiles: [tileUrl('zones', layerParams())], maxzoom: 16 },
      corridors: { type: 'vector', tiles: [tileUrl('corridors', layerParams())], maxzoom: 16 },
      lines: { type: 'vector', tiles: [tileUrl('lines', layerParams())], maxzoom: 16 },
      incidents: { type: 'vector', tiles: [tileUrl('incidents', filterParams().toString())], maxzoom: 16 },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': LAYER.sea } },
      { id: 'land', type: 'fill', source: 'land', 'source-layer': 'land', paint: { 'fill-color': LAYER.land } },
      {
        id: 'coastline', type: 'line', source: 'borders', 'source-layer': 'borders', filter: ['==', ['get', 'kind'], 'coastline'],
        paint: { 'line-color': '#6f93b0', 'line-width': 0.8 },
      },
      {
        id: 'zones-fill', type: 'fill', source: 'zones', 'source-layer': 'zones',
        paint: {
          'fill-color': LAYER.zone,
          'fill-opacity': ZONE_OPACITY,
        },
      },
      {
        id: 'zones-outline', type: 'line', source: 'zones', 'source-layer': 'zones',
        paint: { 'line-color': LAYER.zone, 'line-width': 1, 'line-opacity': 0.8 },
      },
      {
        id: 'corridors', type: 'fill', source: 'corridors', 'source-layer': 'corridors',
        paint: { 'fill-color': LAYER.corridor, 'fill-opacity': 0.4, 'fill-outline-color': LAYER.corridor },
      },
      {
        id: 'boundaries', type: 'line', source: 'borders', 'source-layer': 'borders', filter: ['==', ['get', 'kind'], 'boundary'],
        paint: { 'line-color': LAYER.boundary, 'line-width': 1, 'line-dasharray': [3, 2], 'line-opacity': 0.7 },
      },
      {
        id: 'lines', type: 'line', source: 'lines', 'source-layer': 'lines',
        paint: {
          'line-color': ['match', ['get', 'kind'], 'blue_line', LAYER.blueLine, LAYER.river],
          'line-width': ['match', ['get', 'kind'], 'blue_line', 3, 2],
          'line-dasharray': ['match', ['get', 'kind'], 'blue_line', ['literal', [4, 1]], ['literal', [1, 0]]],
        },
      },
      {
        id: 'incidents', type: 'circle', source: 'incidents', 'source-layer': 'incidents',
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['get', 'fatalities'], 0, 4.5, 10, 10],
          'circle-color': ['match', ['get', 'status'], ...Object.entries(STATUS).flat(), '#888888'],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1,
          'circle-opacity': 0.9,
        },
      },
      {
        id: 'places-dots', type: 'circle', source: 'places', 'source-layer': 'places',
        paint: { 'circle-radius': 2.5, 'circle-color': TEXT.place, 'circle-stroke-color': TEXT.halo, 'circle-stroke-width': 1 },
      },
      {
        id: 'places-labels', type: 'symbol', source: 'places', 'source-layer': 'places',
        layout: {
          'text-field': labelField(state.lang), 'text-font': ['GeoMonitor Sans'], 'text-size': 12,
          'text-anchor': 'top', 'text-offset': [0, 0.5], 'text-max-width': 10, 'text-optional': false,
        },
        paint: { 'text-color': TEXT.place, 'text-halo-color': TEXT.halo, 'text-halo-width': 1.5 },
      },
      {
        // Placed by MapLibre inside each country's polygon as the tile shows it, so the names of the countries on
        // either side of the line stay in view wherever the map is.
        id: 'country-labels', type: 'symbol', source: 'land', 'source-layer': 'land',
        layout: {
          'text-field': ['get', 'name'], 'text-font': ['GeoMonitor Sans'], 'text-size': 15,
          'text-transform': 'uppercase', 'text-letter-spacing': 0.25, 'symbol-placement': 'point', 'text-padding': 40,
        },
        paint: { 'text-color': TEXT.country, 'text-halo-color': TEXT.halo, 'text-halo-width': 1.2 },
      },
    ],
  };
  if (fontFaces) s['font-faces'] = { 'GeoMonitor Sans': fontFaces };
  return s;
}

// ---- the time slider and its sparkline -----------------------------------------------------------------------
// The slider maps 0..1000 onto the time domain; the truce windows are drawn under it as bands.
const toSeconds = (v) => domain[0] + (domain[1] - domain[0]) * (v / 1000);
const toSlider = (s) => Math.round(((s - domain[0]) / (domain[1] - domain[0])) * 1000);
const pct = (s) => Math.max(0, Math.min(100, ((s - domain[0]) / (domain[1] - domain[0])) * 100));

// Each truce as its windows: the original one, then one per extension.
function windowsOf(t) {
  const end = t.end ?? domain[1];
  const out = [];
  const exts = t.extensions ?? [];
  const firstEnd = t.originalEnd && t.originalEnd < end ? t.originalEnd : end;
  out.push({ a: t.start, b: firstEnd, ext: false, title: `${t.name}: ${day(t.start)} → ${day(firstEnd)}` });
  let from = firstEnd;
  for (const e of exts) {
    if (e.newEnd <= from) continue;
    out.push({ a: from, b: e.newEnd, ext: true, title: `${t.name}: extended${e.announcedAt ? ` on ${day(e.announcedAt)}` : ''} to ${day(e.newEnd)}` });
    from = e.newEnd;
  }
  if (from < end) out.push({ a: from, b: end, ext: true, title: `${t.name}: extended to ${day(end)}` });
  return out;
}

function drawBands() {
  const bands = $('bands');
  bands.innerHTML = '';
  for (const t of config.truces) {
    for (const w of windowsOf(t)) {
      const s = document.createElement('span');
      s.style.left = `${pct(w.a)}%`;
      s.style.width = `${Math.max(0.4, pct(w.b) - pct(w.a))}%`;
      if (w.ext) s.className = 'ext';
      s.title = w.title;
      s.dataset.truce = t.slug;
      s.addEventListener('click', () => { $('truce').value = t.slug; onTruce(); });
      bands.appendChild(s);
    }
  }
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, title) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (title) { const t = document.createElementNS(SVG, 'title'); t.textContent = title; el.appendChild(t); }
  return el;
}

async function drawSpark() {
  const p = new URLSearchParams();
  for (const k of ['zone', 'eventType', 'status']) if (state[k]) p.set(k, state[k]);
  p.set('from', iso(Math.floor(domain[0] / DAY) * DAY));
  p.set('to', iso(Math.ceil(domain[1] / DAY) * DAY));
  p.set('bucket', 'day');
  const res = await api(`/api/stats/incidents?${p}`);
  if (!res.ok) return;
  const stats = await res.json();
  const el = $('spark');
  for (const c of [...el.childNodes]) if (c.nodeName !== 'title') el.removeChild(c);
  const marks = svg('g', { class: 'truces' });
  for (const t of config.truces) {
    for (const w of windowsOf(t)) {
      marks.appendChild(svg('rect', { x: pct(w.a) * 10, y: 0, width: Math.max(2, (pct(w.b) - pct(w.a)) * 10), height: 40, class: w.ext ? 'ext' : 'win' }, w.title));
      if (w.ext) marks.appendChild(svg('line', { x1: pct(w.a) * 10, x2: pct(w.a) * 10, y1: 0, y2: 40, class: 'extmark' }, w.title));
    }
  }
  el.appendChild(marks);
  const max = Math.max(1, ...stats.buckets.map((b) => b.count));
  const w = Math.max(1, (DAY / (domain[1] - domain[0])) * 1000);
  const bars = svg('g', { class: 'bars' });
  let drawn = 0;
  for (const b of stats.buckets) {
    if (!b.count) continue;
    const t = Date.parse(b.start) / 1000;
    const h = Math.max(2, (b.count / max) * 36);
    bars.appendChild(svg('rect', { x: pct(t) * 10, y: 40 - h, width: w, height: h }, `${b.start.slice(0, 10)}: ${b.count} incident${b.count === 1 ? '' : 's'}`));
    drawn++;
  }
  el.appendChild(bars);
  el.appendChild(svg('rect', { id: 'sparkSel', x: 0, y: 0, width: 0, height: 40 }));
  $('sparkTitle').textContent = `Incidents per day (UTC), ${stats.total} in all, at most ${max} on one day; truce windows shaded, extensions hatched`;
  window.geomonitor.spark = { total: stats.total, days: stats.buckets.length, bars: drawn, max, marks: marks.querySelectorAll('rect').length };
  showTime();
}

function showTime() {
  const a = toSeconds(+$('from').value);
  const b = toSeconds(+$('to').value);
  $('timeLabel').textContent = `${day(a)} → ${day(b)}`;
  const sel = document.getElementById('sparkSel');
  if (sel) { sel.setAttribute('x', String(+$('from').value)); sel.setAttribute('width', String(Math.max(0, +$('to').value - +$('from').value))); }
}

function onSlider(e) {
  stopPlay(false);
  let a = +$('from').value;
  let b = +$('to').value;
  if (a > b) { if (e.target.id === 'from') a = b; else b = a; $('from').value = a; $('to').value = b; }
  // Whole-domain ends mean "unbounded", so nothing older or newer than the extent is cut off by rounding.
  state.from = a <= 0 ? null : Math.floor(toSeconds(a));
  state.to = b >= 1000 ? null : Math.ceil(toSeconds(b));
  showTime();
  update();
}

function setSlider(a, b) {
  $('from').value = a === null ? 0 : toSlider(a);
  $('to').value = b === null ? 1000 : toSlider(b);
  showTime();
}

function sliderForState() {
  const t = truceOf(state.truce);
  setSlider(state.from ?? (t ? t.start : null), state.to ?? (t ? t.end : null));
}

function onTruce() {
  stopPlay(false);
  state.truce = $('truce').value;
  state.from = null;
  state.to = null;
  sliderForState();
  update();
}

// ---- playing a truce day by day ------------------------------------------------------------------------------
// The incident tiles hold the whole window once; each step hides what had not happened yet (the tile attribute t,
// Unix seconds) and counts the same window through /map/count, so the number and the dots agree at every step.
function playWindow() {
  const t = truceOf(state.truce);
  if (t) return [t.start, t.end ?? domain[1]];
  return [state.from ?? domain[0], state.to ?? domain[1]];
}

async function startPlay() {
  const [start, end] = playWindow();
  Object.assign(play, { playing: true, finished: false, day: 0, start, end, steps: Math.max(1, Math.ceil((end - start) / DAY)), history: [] });
  $('play').textContent = '❚❚ Pause';
  $('play').setAttribute('aria-pressed', 'true');
  state.from = start;
  state.to = end;
  await update();
  step();
}

async function step() {
  if (!play.playing) return;
  play.day++;
  const to = Math.min(play.end, play.start + play.day * DAY);
  map.setFilter('incidents', ['<', ['get', 't'], to]);
  state.to = to;
  setSlider(state.from, state.to);
  drawCustody();
  const n = await refreshCount();
  play.history.push({ day: play.day, to, count: n });
  $('playDay').textContent = `Day ${play.day} of ${play.steps}: up to ${iso(to).replace('T', ' ').replace('Z', ' UTC')}`;
  writeHash();
  if (!play.playing) return;
  if (to >= play.end) { stopPlay(true); return; }
  play.timer = setTimeout(step, +$('speed').value);
}

function stopPlay(finished) {
  if (!play.playing) return;
  play.playing = false;
  clearTimeout(play.timer);
  play.finished = finished;
  $('play').textContent = '▶ Play day by day';
  $('play').setAttribute('aria-pressed', 'false');
  map.setFilter('incidents', null);
  update();
}

// ---- custody: the zones coloured by who holds them on the slider's date ---------------------------------------
// The date is the end of the time range (the day reached while playing); GET /api/custody?at= answers for it, from the
// API's own origin, and each zone held then gets its holder's colour (zones nobody is recorded as holding keep theirs).
let custodyGeneration = 0;
const custodyDate = () => state.to ?? Math.floor(toSeconds(+$('to').value));

async function drawCustody() {
  if (!map?.getLayer('zones-fill')) return;
  const mine = ++custodyGeneration;
  if (!$('custody').checked) {
    map.setPaintProperty('zones-fill', 'fill-color', LAYER.zone);
    map.setPaintProperty('zones-fill', 'fill-opacity', ZONE_OPACITY);
    $('custodyNote').textContent = '';
    window.geomonitor.custody = null;
    return;
  }
  const at = iso(custodyDate());
  const res = await api(`/api/custody?at=${encodeURIComponent(at)}`);
  if (!res.ok || mine !== custodyGeneration) return;
  const held = {};
  for (const c of (await res.json()).custody) if (c.zone) held[c.zone.slug] = c.force;
  if (mine !== custodyGeneration) return;
  const pairs = Object.entries(held).flatMap(([slug, force]) => [slug, CUSTODY[force] ?? LAYER.zone]);
  map.setPaintProperty('zones-fill', 'fill-color', pairs.length ? ['match', ['get', 'slug'], ...pairs, LAYER.zone] : LAYER.zone);
  map.setPaintProperty('zones-fill', 'fill-opacity', pairs.length ? ['match', ['get', 'slug'], Object.keys(held), HELD_OPACITY, ZONE_OPACITY] : ZONE_OPACITY);
  $('custodyNote').textContent = `Custody on ${at.replace('T', ' ').replace('Z', ' UTC')}: `
    + (Object.keys(held).length ? Object.entries(held).map(([slug, force]) => `${nameOf(config.zones, slug)} — ${force}`).join('; ') : 'no zone recorded as held');
  window.geomonitor.custody = { at, held };
}

// ---- the incidents shown, their number, and the links --------------------------------------------------------
function viewBbox() {
  const b = map.getBounds();
  const c = (v, lo, hi) => Math.min(hi, Math.max(lo, v)).toFixed(5);
  return `${c(b.getWest(), -180, 180)},${c(b.getSouth(), -90, 90)},${c(b.getEast(), -180, 180)},${c(b.getNorth(), -90, 90)}`;
}

function updateDownloads() {
  const p = filterParams();
  if (map) p.set('bbox', viewBbox());
  const link = (id, extra) => { const q = new URLSearchParams(p); for (const [k, v] of extra) q.set(k, v); $(id).href = `/api/incidents?${q}`; };
  link('dlGeojson', [['format', 'geojson'], ['limit', '10000']]);
  link('dlCsv', [['format', 'csv']]);
  link('dlHxl', [['format', 'csv'], ['hxl', 'true']]);
}

async function refreshCount() {
  const mine = ++generation;
  const query = filterParams().toString();
  $('error').textContent = '';
  try {
    const res = await api(`/map/count${query ? `?${query}` : ''}`);
    const body = await res.json();
    if (mine !== generation) return null;
    if (!res.ok) throw new Error(body.detail || `HTTP ${res.status}`);
    window.geomonitor.count = body.count;
    $('count').textContent = `${body.count.toLocaleString('en')} incident${body.count === 1 ? '' : 's'}`;
    $('count').dataset.count = String(body.count);
    $('count').dataset.query = query;
    return body.count;
  } catch (err) {
    if (mine !== generation) return null;
    $('count').textContent = '—';
    $('error').textContent = String(err.message || err);
    return null;
  } finally {
    if (mine === generation) window.geomonitor.updates++;
  }
}

async function update() {
  const query = filterParams().toString();
  if (map?.getSource('incidents')) map.getSource('incidents').setTiles([tileUrl('incidents', query)]);
  const layers = layerParams();
  for (const id of ['zones', 'corridors', 'lines']) {
    const source = map?.getSource(id);
    if (source && source.tiles?.[0] !== tileUrl(id, layers)) source.setTiles([tileUrl(id, layers)]);
  }
  window.geomonitor.layersAsOf = layerAsOf();
  $('layersAsOf').textContent = layerAsOf() === null ? 'Zones, corridors and lines as they are now'
    : `Zones, corridors and lines as recorded on ${iso(layerAsOf()).replace('T', ' ').replace('Z', ' UTC')}`;
  updateDownloads();
  writeHash();
  drawCustody();
  await refreshCount();
}

function listInView() {
  if (!map?.getLayer('incidents')) return;
  const seen = new Map();
  for (const f of map.queryRenderedFeatures({ layers: ['incidents'] })) if (!seen.has(f.id)) seen.set(f.id, f.properties);
  const rows = [...seen.entries()].sort((a, b) => a[1].t - b[1].t || a[0] - b[0]).slice(0, 500);
  const sel = $('inView');
  const keep = sel.value;
  sel.length = 1;
  sel.options[0].textContent = rows.length ? `— ${rows.length}${seen.size > rows.length ? ` of ${seen.size}` : ''} in view: choose one to read it —` : '— none in view —';
  for (const [id, p] of rows) {
    const o = document.createElement('option');
    o.value = String(id);
    o.textContent = `${String(p.occurredAt).slice(0, 10)} · ${p.eventType} · ${p.location ?? ''}`;
    sel.appendChild(o);
  }
  if (keep && seen.has(Number(keep))) sel.value = keep;
}

// ---- reading one incident ------------------------------------------------------------------------------------
// Precision codes (ACLED's, ../shared/reference/acled-codes.md), in words.
const GEO_PRECISION = {
  1: 'at the named place itself',
  2: 'near the named place, or in a small part of a region',
  3: 'somewhere in a larger region (the point is the nearest natural feature or the provincial capital)',
};
const TIME_PRECISION = {
  1: 'the date is the day it happened',
  2: 'known to the week or weekend (the middle of it is recorded)',
  3: 'known to the month (the middle of it is recorded)',
};
const STATUS_MEANING = {
  reported: 'reported by a field team; no observer team yet',
  assigned: 'an observer team is to verify it on site',
  verified_on_site: 'the observer team verified it on site',
  could_not_verify: 'the observer team could not verify it on site',
  cooling_off: 'the observer team has reported; in the cooling-off hold before the independent review',
  under_independent_review: 'an independent reviewer is deciding the verdict',
  published_verified: 'published after the on-site verification and an independent review',
  published_disputed: 'published, disputed: the independent review found the accounts in conflict',
  rejected: 'rejected by the independent review',
};
const PUBLIC_STATES = ['published_verified', 'published_disputed'];
const SIDE = { north: 'north of it, on the Lebanese side', south: 'south of it, on the Israeli side' };

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function row(label, value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return '';
  return `<tr><th scope="row">${esc(label)}</th><td>${Array.isArray(value) ? value.map(esc).join('<br>') : esc(value)}</td></tr>`;
}

async function historyHtml(id) {
  if (!key) return '<p class="small" id="historyNote">The review history needs a reader API key (enter one under “API key”): it names the field teams and reviewers, so it is not public.</p>';
  const res = await api(`/api/incidents/${encodeURIComponent(id)}/history`);
  if (res.status === 401 || res.status === 403) return '<p class="small" id="historyNote">This key may not read this history (a reader key or above is needed, and before publication a key of an organisation in its verification).</p>';
  if (!res.ok) return `<p class="small" id="historyNote">The history could not be loaded (HTTP ${res.status}).</p>`;
  const h = await res.json();
  const rows = h.revisions.map((r) => `<tr><td>${esc(r.version)}</td><td>${esc(r.action)}</td><td>${esc(r.changedBy)}</td>
    <td>${esc(String(r.changedAt).replace('T', ' ').slice(0, 16))}</td><td>${esc(r.note ?? '')}${r.changes?.status && r.action !== 'create' ? ` (status → ${esc(r.changes.status.to ?? r.changes.status)})` : ''}</td></tr>`);
  return `<table id="history"><caption>Review history</caption><thead><tr><th>v</th><th>action</th><th>by</th><th>when (UTC)</th><th>note</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

async function showDetails(id) {
  const box = $('details');
  box.textContent = 'Loading…';
  try {
    const res = await api(`/api/incidents/${encodeURIComponent(id)}`);
    const f = await res.json();
    if (!res.ok) throw new Error(f.detail || `HTTP ${res.status}`);
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    selected = id;
    const blue = p.blueLineDistanceM !== null && p.blueLineDistanceM !== undefined
      ? `${Math.round(p.blueLineDistanceM).toLocaleString('en')} m from the Blue Line, ${SIDE[p.blueLineSide] ?? p.blueLineSide}` : null;
    const truces = (p.truces ?? []).map((s) => nameOf(config.truces, s));
    const link = permalink(id);
    box.innerHTML = `<h2>${esc(p.eventType)} — ${esc(p.subEventType)}</h2><table>${[
      row('When', `${p.occurredAt.replace('T', ' ').replace('Z', ' UTC')} — time precision ${p.timePrecision}: ${TIME_PRECISION[p.timePrecision] ?? 'unknown code'}`),
      row('Where', `${p.locationName ?? '—'} (${lat.toFixed(5)}, ${lon.toFixed(5)}) — geo precision ${p.geoPrecision}: ${GEO_PRECISION[p.geoPrecision] ?? 'unknown code'}${p.uncertaintyM ? `, within ${p.uncertaintyM} m` : ''}`),
      row('Blue Line', blue),
      row('Zones', (p.zones ?? []).map((s) => nameOf(config.zones, s))),
      row('Truce', truces.length ? truces : 'none: outside every truce window'),
      row('Corridors', p.corridors),
      row('Actors', [p.actor1, p.actor2].filter(Boolean)),
      row('Fatalities', p.fatalities),
      row('Status', `${p.status}: ${STATUS_MEANING[p.status] ?? ''}`),
      row('Source', `${p.source} / ${p.externalId} (version ${p.version}, updated ${String(p.updatedAt).slice(0, 10)})`),
      row('Notes', p.notes),
    ].join('')}</table>
    <div id="historyBox">${await historyHtml(id)}</div>
    <p><a id="permalink" href="${esc(link)}">Permalink to this incident and view</a> ·
      <a href="/api/incidents/${encodeURIComponent(id)}">GeoJSON</a></p>`;
    box.dataset.id = String(id);
    $('permalink').addEventListener('click', (e) => { e.preventDefault(); copy(link, 'Permalink copied'); });
    writeHash();
  } catch (err) {
    box.textContent = `Could not load incident ${id}: ${err.message || err}`;
  }
}

// ---- sharing -------------------------------------------------------------------------------------------------
async function copy(text, done) {
  window.geomonitor.lastLink = text;
  try {
    await navigator.clipboard.writeText(text);
    $('shareStatus').textContent = done;
  } catch {
    // No clipboard (an insecure origin, or permission refused): show the link selected, for Ctrl+C.
    $('shareStatus').innerHTML = '';
    const input = document.createElement('input');
    input.value = text;
    input.readOnly = true;
    input.setAttribute('aria-label', 'Link to this view');
    $('shareStatus').appendChild(input);
    input.focus();
    input.select();
  }
}

function wrap(ctx, text, width) {
  const lines = [];
  let cur = '';
  for (const word of text.split(' ')) {
    const next = cur ? `${cur} ${word}` : word;
    if (ctx.measureText(next).width > width && cur) { lines.push(cur); cur = word; } else cur = next;
  }
  if (cur) lines.push(cur);
  return lines;
}

// The map as drawn, with a footer burnt in: what is shown (filters, time range, count), the legend, the
// attributions and the link that reopens the view.
async function downloadPng() {
  await new Promise((resolve) => { map.once('render', resolve); map.triggerRepaint(); });
  const src = map.getCanvas();
  const scale = src.width / src.clientWidth;
  const W = src.width;
  const px = (n) => Math.round(n * scale);
  const t = truceOf(state.truce);
  const [a, b] = [state.from ?? (t ? t.start : domain[0]), state.to ?? (t ? t.end : domain[1])];
  const title = `GeoMonitor — ${t ? t.name : 'all incidents'}`;
  const filters = [state.zone && `zone ${nameOf(config.zones, state.zone)}`, state.eventType && `event type ${state.eventType}`,
    state.status && `status ${state.status}`].filter(Boolean).join('; ');
  const timeLine = `Time range: ${iso(a).replace('T', ' ').replace('Z', ' UTC')} → ${iso(b).replace('T', ' ').replace('Z', ' UTC')} · ${$('count').textContent}${filters ? ` · ${filters}` : ''}${key ? '' : ' · published only (no key)'}`;
  const attribution = ['GeoMonitor (sources in each feature; approximate lines say so)', config.basemap?.attribution, config.basemap?.placesAttribution,
    'MapLibre GL JS'].filter(Boolean).join(' · ');
  const ctx0 = document.createElement('canvas').getContext('2d');
  ctx0.font = `${px(11)}px system-ui, sans-serif`;
  const attrLines = wrap(ctx0, attribution, W - px(24));
  const legendRows = Math.ceil(LEGEND.length / Math.max(1, Math.floor((W - px(24)) / px(250))));
  const footer = px(14 + 20 + 18 + 8) + legendRows * px(18) + px(8) + attrLines.length * px(14) + px(20) + px(10);
  const out = document.createElement('canvas');
  out.width = W;
  out.height = src.height + footer;
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(src, 0, 0);
  let y = src.height + px(14);
  ctx.fillStyle = '#111111';
  ctx.textBaseline = 'top';
  ctx.font = `bold ${px(15)}px system-ui, sans-serif`;
  ctx.fillText(title, px(12), y);
  y += px(20);
  ctx.font = `${px(12)}px system-ui, sans-serif`;
  ctx.fillText(timeLine, px(12), y, W - px(24));
  y += px(18) + px(8);
  const perRow = Math.max(1, Math.floor((W - px(24)) / px(250)));
  LEGEND.forEach((entry, i) => {
    const x = px(12) + (i % perRow) * px(250);
    const yy = y + Math.floor(i / perRow) * px(18);
    ctx.fillStyle = colourOf(entry);
    if (entry.shape === 'dot') { ctx.beginPath(); ctx.arc(x + px(7), yy + px(6), px(5), 0, 2 * Math.PI); ctx.fill(); }
    else if (entry.shape === 'line') ctx.fillRect(x, yy + px(4), px(16), px(4));
    else ctx.fillRect(x, yy, px(16), px(12));
    ctx.fillStyle = '#111111';
    ctx.fillText(entry.label, x + px(22), yy);
  });
  y += legendRows * px(18) + px(8);
  ctx.fillStyle = '#444444';
  ctx.font = `${px(11)}px system-ui, sans-serif`;
  for (const line of attrLines) { ctx.fillText(line, px(12), y); y += px(14); }
  ctx.fillStyle = '#0b4f8a';
  ctx.fillText(permalink(), px(12), y, W - px(24));
  const blob = await new Promise((resolve) => out.toBlob(resolve, 'image/png'));
  window.geomonitor.lastPng = { width: out.width, height: out.height, mapHeight: src.height, size: blob.size, blob, title, timeLine, attribution };
  const a2 = document.createElement('a');
  a2.href = URL.createObjectURL(blob);
  a2.download = `geomonitor-${state.truce || 'all'}-${day(a)}_${day(b)}.png`;
  document.body.appendChild(a2);
  a2.click();
  a2.remove();
  setTimeout(() => URL.revokeObjectURL(a2.href), 10000);
  $('shareStatus').textContent = 'PNG downloaded';
}

// ---- the API key ---------------------------------------------------------------------------------------------
async function loadConfig() {
  const res = await api('/map/config.json');
  if (!res.ok) throw new Error(`map configuration: HTTP ${res.status}`);
  config = await res.json();
}

async function setKey(value) {
  key = value.trim();
  if (key) sessionStorage.setItem('geomonitor.key', key); else sessionStorage.removeItem('geomonitor.key');
  const res = await api('/map/config.json');
  if (key && !res.ok) {
    $('keyStatus').textContent = 'Key not accepted.';
    key = '';
    sessionStorage.removeItem('geomonitor.key');
    return;
  }
  config = await res.json();
  $('keyStatus').textContent = key ? (config.keyed ? 'Key in use.' : 'Key not accepted.') : 'No key.';
  fillStatuses();
  update();
  drawSpark();
  loadQueue();
  if (selected) showDetails(selected);
}

// ---- the verification queue (with a key) ---------------------------------------------------------------------
// What waits in the lifecycle that this key may see — its organisation's incidents, or all of them for a reviewer —
// oldest in its state first, with the state and how long it has waited in it (GET /api/verification/queue).
const age = (seconds) => {
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
};

async function loadQueue() {
  const box = $('queueBox');
  if (!key) { box.hidden = true; return; }
  box.hidden = false;
  const list = $('queue');
  try {
    const res = await api('/api/verification/queue?limit=100');
    const q = await res.json();
    if (!res.ok) throw new Error(q.detail || `HTTP ${res.status}`);
    $('queueCount').textContent = `${q.total} waiting${q.count < q.total ? ` (the oldest ${q.count} listed)` : ''}`;
    list.innerHTML = q.items.map((i) => {
      const until = i.state === 'cooling_off' && i.coolingOffEndsAt ? ` · cooling off until ${esc(i.coolingOffEndsAt.replace('T', ' ').slice(0, 16))} UTC` : '';
      return `<li data-id="${esc(i.id)}" data-state="${esc(i.state)}"><button type="button" class="link">#${esc(i.id)}</button>
        <span class="state" style="border-color:${esc(STATUS[i.state] ?? '#888')}">${esc(i.state)}</span>
        <span class="age">${esc(age(i.ageSeconds))}</span>${i.assignedTeam ? ` · ${esc(i.assignedTeam)}` : ''}${until}</li>`;
    }).join('');
    for (const b of list.querySelectorAll('button')) b.addEventListener('click', () => showDetails(Number(b.closest('li').dataset.id)));
  } catch (err) {
    $('queueCount').textContent = `The queue could not be loaded: ${err.message || err}`;
    list.innerHTML = '';
  }
}

function option(select, value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  select.appendChild(o);
}

function fillStatuses() {
  const sel = $('status');
  const keep = sel.value;
  sel.length = 1;
  for (const s of config.statuses) option(sel, s, s + (!PUBLIC_STATES.includes(s) && !config.keyed ? ' (needs a key)' : ''));
  sel.value = keep;
}

function drawLegend() {
  const ul = $('legend');
  ul.innerHTML = '';
  for (const entry of LEGEND) {
    const li = document.createElement('li');
    const sw = document.createElement('i');
    sw.className = `sw ${entry.shape}`;
    sw.style.backgroundColor = colourOf(entry);
    sw.dataset.group = entry.group;
    sw.dataset.key = entry.key;
    li.append(sw, document.createTextNode(entry.label));
    ul.appendChild(li);
  }
}

// ---- state from the URL --------------------------------------------------------------------------------------
function applyHash(h) {
  for (const k of FILTERS) {
    const v = h[k] ?? '';
    $(k).value = v;
    state[k] = $(k).value;   // a value the select does not offer is dropped
  }
  state.lang = ['en', 'ar', 'he'].includes(h.lang) ? h.lang : 'en';
  $('lang').value = state.lang;
  state.from = h.from ?? null;
  state.to = h.to ?? null;
  sliderForState();
}

function setLang(lang) {
  state.lang = lang;
  if (map?.getLayer('places-labels')) map.setLayoutProperty('places-labels', 'text-field', labelField(lang));
  writeHash();
}

async function main() {
  const faces = await fetch('vendor/fonts/fonts.json').then((r) => (r.ok ? r.json() : null)).catch(() => null);
  fontFaces = faces?.map((f) => ({ ...f, url: new URL(f.url, `${origin}/`).href })) ?? null;
  await loadConfig();
  for (const t of config.truces) option($('truce'), t.slug, `${t.name} (${day(t.start)} → ${t.end ? day(t.end) : 'open'})`);
  for (const z of config.zones) option($('zone'), z.slug, `${z.name} (${z.kind})`);
  for (const e of config.eventTypes) option($('eventType'), e, e);
  fillStatuses();
  drawLegend();
  if (key) $('keyStatus').textContent = config.keyed ? 'Key in use.' : 'Key not accepted.';

  const starts = config.truces.map((t) => t.start);
  const ends = config.truces.map((t) => t.end).filter((e) => e !== null);
  const t0 = Math.min(...[config.time?.start, ...starts].filter((v) => v !== null && v !== undefined));
  const t1 = Math.max(...[config.time?.end, ...ends].filter((v) => v !== null && v !== undefined));
  domain = Number.isFinite(t0) && Number.isFinite(t1) && t1 > t0 ? [t0 - DAY, t1 + DAY] : [Date.now() / 1000 - 365 * DAY, Date.now() / 1000];
  $('timeStart').textContent = day(domain[0]);
  $('timeEnd').textContent = day(domain[1]);
  drawBands();
  const fromUrl = readHash();
  applyHash(fromUrl);

  // Arabic shaping and bidirectional reordering by ICU (the RTL text plugin), served from this origin.
  setRTLTextPlugin(new URL('vendor/mapbox-gl-rtl-text.js', `${origin}/`).href, false).catch((e) => {
    $('error').textContent = `Right-to-left labels may be drawn wrongly: ${e.message || e}`;
  });

  const b = config.bounds ?? [35.0, 32.9, 36.1, 34.1];
  const region = config.basemap?.region;
  const view = fromUrl.view ? { center: [fromUrl.view.lon, fromUrl.view.lat], zoom: fromUrl.view.zoom } : { bounds: [[b[0], b[1]], [b[2], b[3]]], fitBoundsOptions: { padding: 30 } };
  map = new MapLibreMap({
    container: 'map', style: style(), ...view,
    maxBounds: region ? [[region[0] - 0.5, region[1] - 0.5], [region[2] + 0.5, region[3] + 0.5]] : undefined,
    attributionControl: false, maxZoom: 18, preserveDrawingBuffer: true,
    transformRequest: (url) => (key && url.startsWith(origin) ? { url, headers: { 'X-Api-Key': key } } : { url }),
  });
  window.geomonitor.map = map;
  map.addControl(new NavigationControl({ showCompass: false }));
  map.addControl(new ScaleControl({ unit: 'metric' }));
  map.addControl(new AttributionControl({ compact: window.innerWidth < 700, customAttribution: 'GeoMonitor — sources in each feature; approximate lines say so' }));
  map.on('click', 'incidents', (e) => { if (e.features?.length) showDetails(e.features[0].id ?? e.features[0].properties.id); });
  map.on('mouseenter', 'incidents', () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', 'incidents', () => { map.getCanvas().style.cursor = ''; });
  map.on('moveend', () => { updateDownloads(); writeHash(); });
  map.on('idle', listInView);
  map.on('load', () => {
    window.geomonitor.ready = true;
    drawCustody();
    // A compact attribution starts open; on a phone it would cover the map, and its (i) button opens it.
    document.querySelector('.maplibregl-ctrl-attrib.maplibregl-compact')?.classList.remove('maplibregl-compact-show');
  });

  for (const id of ['zone', 'eventType', 'status']) $(id).addEventListener('change', () => { stopPlay(false); state[id] = $(id).value; update(); drawSpark(); });
  $('truce').addEventListener('change', onTruce);
  $('lang').addEventListener('change', () => setLang($('lang').value));
  $('custody').addEventListener('change', drawCustody);
  $('from').addEventListener('input', onSlider);
  $('to').addEventListener('input', onSlider);
  $('resetTime').addEventListener('click', () => { stopPlay(false); state.from = null; state.to = null; sliderForState(); update(); });
  $('play').addEventListener('click', () => (play.playing ? stopPlay(false) : startPlay()));
  $('copyLink').addEventListener('click', () => copy(permalink(), 'Link copied'));
  $('downloadPng').addEventListener('click', () => downloadPng().catch((e) => { $('error').textContent = `PNG: ${e.message || e}`; }));
  $('inView').addEventListener('change', () => { if ($('inView').value) showDetails(Number($('inView').value)); });
  $('useKey').addEventListener('click', () => setKey($('apiKey').value));
  $('forgetKey').addEventListener('click', () => { $('apiKey').value = ''; setKey(''); });
  window.addEventListener('hashchange', () => {
    const h = readHash();
    applyHash(h);
    if (h.view) map.jumpTo({ center: [h.view.lon, h.view.lat], zoom: h.view.zoom });
    setLang(state.lang);
    update();
    drawSpark();
    if (h.incident) showDetails(h.incident);
  });
  $('refreshQueue').addEventListener('click', loadQueue);
  await update();
  await drawSpark();
  loadQueue();
  if (fromUrl.incident) showDetails(fromUrl.incident);
}

main().catch((err) => { $('error').textContent = `The map could not start: ${err.message || err}`; });
