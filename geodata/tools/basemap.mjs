#!/usr/bin/env node
// Writes the basemap layers GeoMonitor loads at start-up (node, no packages needed at run time):
//
//   node geodata/tools/basemap.mjs            writes geodata/basemap.geojson and geodata/places.geojson
//   node geodata/tools/basemap.mjs --check    regenerates both in memory and fails if a committed file differs
//
// basemap.geojson: land (country polygons), coastlines and country boundaries of Natural Earth 1:10m, from npm's
// world-atlas (its countries-10m.json TopoJSON, installed in web/node_modules by scripts/build-web.sh from
// web/package-lock.json), clipped to REGION. The TopoJSON is decoded here (format: the TopoJSON specification,
// sections 2.1.5 "Transforms" and 2.2 "Arcs"); an arc shared by two countries is a boundary, an arc used by one
// country only is a coastline.
// places.geojson: the places of ../shared/reference/gazetteer.csv that have coordinates, with their source, status
// and note; Arabic and Hebrew names only where the gazetteer's own source is a page titled in that script.
//
// Deterministic: fixed order, coordinates rounded to 6 decimals, no time of the run. See docs/geodata.md.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const atlasDir = option('--atlas', path.join(root, 'web', 'node_modules', 'world-atlas'));
const gazetteerPath = option('--gazetteer', path.join(root, '..', 'shared', 'reference', 'gazetteer.csv'));
const outDir = option('--out', path.join(root, 'geodata'));

/** West, south, east, north (degrees): Lebanon whole, northern Israel, the Golan, the edge of Syria, and sea. */
export const REGION = [34.0, 32.0, 37.0, 34.9];
const ND = 6;
const round = (v) => Number(v.toFixed(ND));

// ---- TopoJSON ------------------------------------------------------------------------------------------------
function decodeArcs(topology) {
  const t = topology.transform;
  return topology.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([a, b]) => {
      if (!t) return [a, b];
      x += a; y += b;   // quantized arcs are delta-encoded
      return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
    });
  });
}

// A ring or line from arc indexes; a negative index ~i is arc i reversed. Consecutive arcs share an end point.
function stitch(arcs, indexes) {
  const out = [];
  for (const i of indexes) {
    const arc = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
    out.push(...(out.length ? arc.slice(1) : arc));
  }
  return out;
}

function polygonsOf(geometry) {
  if (geometry.type === 'Polygon') return [geometry.arcs];
  if (geometry.type === 'MultiPolygon') return geometry.arcs;
  return [];
}

// ---- clipping to the region ----------------------------------------------------------------------------------
// Sutherland–Hodgman against each side of the rectangle. A concave ring leaving and re-entering leaves zero-width
// edges along the rectangle's side; the loader repairs those with ST_MakeValid.
function clipRing(ring, [w, s, e, n]) {
  const sides = [
    [(p) => p[0] >= w, (a, b) => [w, a[1] + ((b[1] - a[1]) * (w - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= e, (a, b) => [e, a[1] + ((b[1] - a[1]) * (e - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= s, (a, b) => [a[0] + ((b[0] - a[0]) * (s - a[1])) / (b[1] - a[1]), s]],
    [(p) => p[1] <= n, (a, b) => [a[0] + ((b[0] - a[0]) * (n - a[1])) / (b[1] - a[1]), n]],
  ];
  let pts = ring.slice(0, -1);
  for (const [inside, cross] of sides) {
    if (!pts.length) break;
    const next = [];
    for (let i = 0; i < pts.length; i++) {
      const cur = pts[i], prev = pts[(i + pts.length - 1) % pts.length];
      if (inside(cur)) {
        if (!inside(prev)) next.push(cross(prev, cur));
        next.push(cur);
      } else if (inside(prev)) {
        next.push(cross(prev, cur));
      }
    }
    pts = next;
  }
  return pts.length >= 3 ? [...pts, pts[0]] : null;
}

// Liang–Barsky per segment; a line leaving the rectangle is split into pieces.
function clipLine(line, [w, s, e, n]) {
  const pieces = [];
  let cur = null;
  for (let i = 1; i < line.length; i++) {
    const [x0, y0] = line[i - 1], [x1, y1] = line[i];
    const dx = x1 - x0, dy = y1 - y0;
    let t0 = 0, t1 = 1, visible = true;
    for (const [p, q] of [[-dx, x0 - w], [dx, e - x0], [-dy, y0 - s], [dy, n - y0]]) {
      if (p === 0) { if (q < 0) { visible = false; break; } continue; }
      const r = q / p;
      if (p < 0) { if (r > t1) { visible = false; break; } if (r > t0) t0 = r; }
      else { if (r < t0) { visible = false; break; } if (r < t1) t1 = r; }
    }
    if (!visible) { if (cur) { pieces.push(cur); cur = null; } continue; }
    const a = [x0 + t0 * dx, y0 + t0 * dy], b = [x0 + t1 * dx, y0 + t1 * dy];
    if (!cur) cur = [a];
    cur.push(b);
    if (t1 < 1) { pieces.push(cur); cur = null; }
  }
  if (cur) pieces.push(cur);
  return pieces.filter((p) => p.length >= 2);
}

const signedArea = (ring) => {
  let a = 0;
  for (let i = 1; i < ring.length; i++) a += (ring[i - 1][0] * ring[i][1]) - (ring[i][0] * ring[i - 1][1]);
  return a / 2;
};
// RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise.
const orient = (ring, ccw) => ((signedArea(ring) > 0) === ccw ? ring : ring.slice().reverse());
const roundLine = (line) => {
  const out = [];
  for (const p of line) {
    const q = [round(p[0]), round(p[1])];
    if (!out.length || out[out.length - 1][0] !== q[0] || out[out.length - 1][1] !== q[1]) out.push(q);
  }
  return out;
};
function bboxMeets(coords, [w, s, e, n]) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of coords) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  return x0 <= e && x1 >= w && y0 <= n && y1 >= s;
}

export function basemap(topology, atlasVersion) {
  const arcs = decodeArcs(topology);
  const countries = topology.objects.countries.geometries;
  const source = `Natural Earth Admin 0 countries v4.1.0 (public domain), via npm world-atlas ${atlasVersion}`;
  const features = [];
  const users = new Map(); // arc index -> names of the countries whose rings use it
  for (const c of countries) {
    const name = c.properties?.name ?? c.id ?? '?';
    const polygons = [];
    for (const polygon of polygonsOf(c)) {
      for (const ring of polygon) for (const i of ring) {
        const k = i >= 0 ? i : ~i;
        if (!users.has(k)) users.set(k, []);
        users.get(k).push(name);
      }
      const rings = polygon.map((r) => stitch(arcs, r));
      if (!bboxMeets(rings[0], REGION)) continue;
      const clipped = [];
      rings.forEach((r, idx) => {
        const c2 = clipRing(r, REGION);
        if (idx === 0 && !c2) return;
        if (c2 && (idx === 0 || clipped.length)) clipped.push(orient(roundLine(c2), idx === 0));
      });
      if (clipped.length && clipped[0].length >= 4) polygons.push(clipped);
    }
    if (polygons.length) {
      features.push({
        type: 'Feature',
        properties: { layer: 'land', name, isoN3: c.id ?? null, source },
        geometry: { type: 'MultiPolygon', coordinates: polygons },
      });
    }
  }
  features.sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'en'));

  const groups = new Map();
  for (const [k, names] of [...users.entries()].sort((a, b) => a[0] - b[0])) {
    const distinct = [...new Set(names)].sort((a, b) => a.localeCompare(b, 'en'));
    const kind = distinct.length > 1 ? 'boundary' : 'coastline';
    const key = `${kind}|${distinct.join(' / ')}`;
    const pieces = clipLine(arcs[k], REGION).map(roundLine).filter((p) => p.length >= 2);
    if (!pieces.length) continue;
    if (!groups.has(key)) groups.set(key, { kind, name: distinct.join(' / '), lines: [] });
    groups.get(key).lines.push(...pieces);
  }
  for (const g of [...groups.values()].sort((a, b) => (a.kind + a.name).localeCompare(b.kind + b.name, 'en'))) {
    features.push({
      type: 'Feature',
      properties: { layer: g.kind, name: g.name, source },
      geometry: { type: 'MultiLineString', coordinates: g.lines },
    });
  }
  return {
    type: 'FeatureCollection',
    name: 'basemap',
    properties: {
      source,
      scale: '1:10m',
      region: REGION,
      generator: 'geodata/tools/basemap.mjs',
      note: 'Quantized by world-atlas to 0.0036° × 0.0017° (about 330 m × 190 m at 33° N). Country boundaries are '
        + "Natural Earth's, drawn for a world map at 1:10m: they are not the Blue Line and settle no claim.",
    },
    features,
  };
}

// ---- gazetteer -----------------------------------------------------------------------------------------------
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

// The name of the page a source URL points at, when that page is titled in Arabic or Hebrew script.
function scriptName(url, script) {
  let segment;
  try { segment = decodeURIComponent(new URL(url.split(' ')[0]).pathname.split('/').filter(Boolean).pop() ?? ''); }
  catch { return null; }
  const name = segment.replace(/_\([^)]*\)$/u, '').replace(/_/g, ' ').trim();
  return script.test(name) && !/[A-Za-z]/.test(name) ? name : null;
}

const slugify = (s) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export function places(csvText) {
  const features = [];
  const seen = new Set();
  for (const r of parseCsv(csvText)) {
    const lat = Number.parseFloat(r.lat), lon = Number.parseFloat(r.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;  // UNVERIFIED rows without coordinates
    const label = r.name.split(' (')[0].split(', ')[0].trim();
    let slug = slugify(label);
    while (seen.has(slug)) slug += '-2';
    seen.add(slug);
    features.push({
      type: 'Feature',
      properties: {
        slug, name: label, gazetteerName: r.name,
        name_ar: scriptName(r.source, /[\u0600-\u06FF]/u),
        name_he: scriptName(r.source, /[\u0590-\u05FF]/u),
        group: r.group, side: r.side, status: r.status, source: r.source, note: r.note,
      },
      geometry: { type: 'Point', coordinates: [round(lon), round(lat)] },
    });
  }
  return {
    type: 'FeatureCollection',
    name: 'places',
    properties: {
      source: 'GeoMonitor gazetteer (../shared/reference/gazetteer.csv), a source URL per place',
      generator: 'geodata/tools/basemap.mjs',
      note: 'name_ar / name_he: the title of the Arabic or Hebrew page the gazetteer cites for that place, when it '
        + 'cites one; other places have only the English name.',
    },
    features,
  };
}

// One feature per line, so that a diff of a regenerated file shows which feature changed.
function serialize(fc) {
  const { features, ...head } = fc;
  const lines = features.map((f) => JSON.stringify(f));
  return `${JSON.stringify(head).slice(0, -1)},"features":[\n${lines.join(',\n')}\n]}\n`;
}

function main() {
  const atlasPkg = JSON.parse(fs.readFileSync(path.join(atlasDir, 'package.json'), 'utf8'));
  const topology = JSON.parse(fs.readFileSync(path.join(atlasDir, 'countries-10m.json'), 'utf8'));
  const outputs = {
    'basemap.geojson': serialize(basemap(topology, atlasPkg.version)),
    'places.geojson': serialize(places(fs.readFileSync(gazetteerPath, 'utf8'))),
  };
  let stale = 0;
  for (const [file, text] of Object.entries(outputs)) {
    const target = path.join(outDir, file);
    if (check) {
      const same = fs.existsSync(target) && fs.readFileSync(target, 'utf8') === text;
      console.log(`${same ? 'same' : 'DIFFERS'}: geodata/${file}`);
      if (!same) stale++;
    } else {
      fs.writeFileSync(target, text);
      console.error(`wrote ${target} (${text.length} bytes)`);
    }
  }
  if (stale) process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
