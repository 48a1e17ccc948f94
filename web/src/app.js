// GeoMonitor's built-in map: layers and incidents from the API's own vector tiles, filters that become the query
// parameters of /api/incidents (the same filter model on every surface), a time slider with the truce windows,
// details on click, and downloads of the current view.
import { Map as MapLibreMap, NavigationControl, ScaleControl } from './vendor/maplibre-gl.mjs';

const origin = window.location.origin;
const $ = (id) => document.getElementById(id);
const state = { truce: '', zone: '', eventType: '', status: '', from: null, to: null };
let config = null;
let map = null;
let domain = [0, 1];
let generation = 0;

// Exposed for the browser test (tests/web/map.test.mjs) and for curious people in the console.
window.geomonitor = { state, count: null, ready: false, updates: 0 };

const tileUrl = (layer, query = '') => `${origin}/tiles/${layer}/{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`;
const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const day = (seconds) => new Date(seconds * 1000).toISOString().slice(0, 10);

function filterParams() {
  const p = new URLSearchParams();
  for (const k of ['truce', 'zone', 'eventType', 'status']) if (state[k]) p.set(k, state[k]);
  if (state.from !== null) p.set('from', iso(state.from));
  if (state.to !== null) p.set('to', iso(state.to));
  return p;
}

function option(select, value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  select.appendChild(o);
}

function style() {
  return {
    version: 8,
    sources: {
      zones: { type: 'vector', tiles: [tileUrl('zones')], maxzoom: 16 },
      corridors: { type: 'vector', tiles: [tileUrl('corridors')], maxzoom: 16 },
      lines: { type: 'vector', tiles: [tileUrl('lines')], maxzoom: 16 },
      incidents: { type: 'vector', tiles: [tileUrl('incidents', filterParams().toString())], maxzoom: 16 },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef0ea' } },
      {
        id: 'zones-fill', type: 'fill', source: 'zones', 'source-layer': 'zones',
        paint: {
          'fill-color': ['match', ['get', 'kind'], 'withdrawal', '#d9a441', 'buffer', '#c8b27a', 'valley', '#7fa7c4',
            'area_of_operations', '#b3a7d9', '#bbbbbb'],
          'fill-opacity': 0.16,
        },
      },
      {
        id: 'zones-outline', type: 'line', source: 'zones', 'source-layer': 'zones',
        paint: { 'line-color': '#9c8750', 'line-width': 0.8, 'line-opacity': 0.7 },
      },
      {
        id: 'corridors', type: 'fill', source: 'corridors', 'source-layer': 'corridors',
        paint: { 'fill-color': '#3c9a5a', 'fill-opacity': 0.35, 'fill-outline-color': '#2f7a47' },
      },
      {
        id: 'lines', type: 'line', source: 'lines', 'source-layer': 'lines',
        paint: {
          'line-color': ['match', ['get', 'kind'], 'blue_line', '#1f5fbf', '#6fa8dc'],
          'line-width': ['match', ['get', 'kind'], 'blue_line', 3, 2],
          'line-dasharray': ['match', ['get', 'kind'], 'blue_line', ['literal', [4, 1]], ['literal', [1, 0]]],
        },
      },
      {
        id: 'incidents', type: 'circle', source: 'incidents', 'source-layer': 'incidents',
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['get', 'fatalities'], 0, 4.5, 10, 10],
          'circle-color': ['match', ['get', 'status'], 'verified', '#c0392b', 'disputed', '#8e44ad', 'rejected', '#7f8c8d', '#e67e22'],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1,
          'circle-opacity': 0.9,
        },
      },
    ],
  };
}

// The slider maps 0..1000 onto the time domain; the truce windows are drawn under it as bands.
const toSeconds = (v) => domain[0] + (domain[1] - domain[0]) * (v / 1000);
const toSlider = (s) => Math.round(((s - domain[0]) / (domain[1] - domain[0])) * 1000);

function drawBands() {
  const bands = $('bands');
  bands.innerHTML = '';
  for (const t of config.truces) {
    const end = t.end ?? domain[1];
    const band = (a, b, cls, title) => {
      const s = document.createElement('span');
      s.style.left = `${Math.max(0, toSlider(a)) / 10}%`;
      s.style.width = `${Math.max(0.4, (Math.min(1000, toSlider(b)) - Math.max(0, toSlider(a))) / 10)}%`;
      if (cls) s.className = cls;
      s.title = title;
      s.dataset.truce = t.slug;
      s.addEventListener('click', () => { $('truce').value = t.slug; onTruce(); });
      bands.appendChild(s);
    };
    if (t.originalEnd && t.originalEnd < end) {
      band(t.start, t.originalEnd, '', `${t.name}: ${day(t.start)} → ${day(t.originalEnd)}`);
      band(t.originalEnd, end, 'ext', `${t.name}: extended to ${day(end)}`);
    } else {
      band(t.start, end, '', `${t.name}: ${day(t.start)} → ${t.end ? day(t.end) : 'open'}`);
    }
  }
}

function showTime() {
  const a = toSeconds(+$('from').value);
  const b = toSeconds(+$('to').value);
  $('timeLabel').textContent = `${day(a)} → ${day(b)}`;
}

function onSlider(e) {
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

function onTruce() {
  state.truce = $('truce').value;
  state.from = null;
  state.to = null;
  const t = config.truces.find((x) => x.slug === state.truce);
  if (t) setSlider(t.start, t.end); else setSlider(null, null);
  update();
}

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

async function update() {
  const mine = ++generation;
  const query = filterParams().toString();
  if (map?.getSource('incidents')) map.getSource('incidents').setTiles([tileUrl('incidents', query)]);
  updateDownloads();
  $('error').textContent = '';
  try {
    const res = await fetch(`/map/count${query ? `?${query}` : ''}`);
    const body = await res.json();
    if (mine !== generation) return;
    if (!res.ok) throw new Error(body.detail || `HTTP ${res.status}`);
    window.geomonitor.count = body.count;
    $('count').textContent = `${body.count.toLocaleString('en')} incident${body.count === 1 ? '' : 's'}`;
    $('count').dataset.count = String(body.count);
    $('count').dataset.query = query;
  } catch (err) {
    if (mine !== generation) return;
    $('count').textContent = '—';
    $('error').textContent = String(err.message || err);
  } finally {
    if (mine === generation) window.geomonitor.updates++;
  }
}

function row(label, value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return '';
  const td = document.createElement('td');
  td.textContent = Array.isArray(value) ? value.join(', ') : String(value);
  return `<tr><th>${label}</th>${td.outerHTML}</tr>`;
}

async function showDetails(id) {
  const box = $('details');
  box.textContent = 'Loading…';
  try {
    const res = await fetch(`/api/incidents/${encodeURIComponent(id)}`);
    const f = await res.json();
    if (!res.ok) throw new Error(f.detail || `HTTP ${res.status}`);
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    box.innerHTML = `<table>${[
      row('When', p.occurredAt), row('Event', `${p.eventType} — ${p.subEventType}`), row('Where', p.locationName),
      row('Position', `${lat.toFixed(5)}, ${lon.toFixed(5)}`), row('Actors', [p.actor1, p.actor2].filter(Boolean)),
      row('Fatalities', p.fatalities), row('Status', p.status), row('Blue Line', p.blueLineDistanceM !== null ? `${p.blueLineDistanceM} m, ${p.blueLineSide}` : null),
      row('Zones', p.zones), row('Truces', p.truces), row('Corridors', p.corridors), row('Source', `${p.source} / ${p.externalId}`),
      row('Notes', p.notes),
    ].join('')}</table><a href="/api/incidents/${encodeURIComponent(id)}">GeoJSON</a>`;
    box.dataset.id = String(id);
  } catch (err) {
    box.textContent = `Could not load incident ${id}: ${err.message || err}`;
  }
}

async function main() {
  const res = await fetch('/map/config.json');
  config = await res.json();
  for (const t of config.truces) option($('truce'), t.slug, `${t.name} (${day(t.start)} → ${t.end ? day(t.end) : 'open'})`);
  for (const z of config.zones) option($('zone'), z.slug, `${z.name} (${z.kind})`);
  for (const e of config.eventTypes) option($('eventType'), e, e);
  for (const s of config.statuses) option($('status'), s, s + (s !== 'verified' && !config.keyed ? ' (needs a key)' : ''));

  const starts = config.truces.map((t) => t.start);
  const ends = config.truces.map((t) => t.end).filter((e) => e !== null);
  const t0 = Math.min(...[config.time?.start, ...starts].filter((v) => v !== null && v !== undefined));
  const t1 = Math.max(...[config.time?.end, ...ends].filter((v) => v !== null && v !== undefined));
  domain = Number.isFinite(t0) && Number.isFinite(t1) && t1 > t0 ? [t0 - 86400, t1 + 86400] : [Date.now() / 1000 - 365 * 86400, Date.now() / 1000];
  $('timeStart').textContent = day(domain[0]);
  $('timeEnd').textContent = day(domain[1]);
  drawBands();
  showTime();

  const b = config.bounds ?? [35.0, 32.9, 36.1, 34.1];
  map = new MapLibreMap({
    container: 'map', style: style(), bounds: [[b[0], b[1]], [b[2], b[3]]], fitBoundsOptions: { padding: 30 },
    attributionControl: { customAttribution: 'GeoMonitor — sources in each feature; approximate lines say so' },
    maxZoom: 18, preserveDrawingBuffer: true,
  });
  window.geomonitor.map = map;
  map.addControl(new NavigationControl({ showCompass: false }));
  map.addControl(new ScaleControl({ unit: 'metric' }));
  map.on('click', 'incidents', (e) => { if (e.features?.length) showDetails(e.features[0].id ?? e.features[0].properties.id); });
  map.on('mouseenter', 'incidents', () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', 'incidents', () => { map.getCanvas().style.cursor = ''; });
  map.on('moveend', updateDownloads);
  map.on('load', () => { window.geomonitor.ready = true; });

  for (const id of ['zone', 'eventType', 'status']) $(id).addEventListener('change', () => { state[id] = $(id).value; update(); });
  $('truce').addEventListener('change', onTruce);
  $('from').addEventListener('input', onSlider);
  $('to').addEventListener('input', onSlider);
  $('resetTime').addEventListener('click', () => { state.from = null; state.to = null; const t = config.truces.find((x) => x.slug === state.truce); setSlider(t ? t.start : null, t ? t.end : null); update(); });
  await update();
}

main().catch((err) => { $('error').textContent = `The map could not start: ${err.message || err}`; });
