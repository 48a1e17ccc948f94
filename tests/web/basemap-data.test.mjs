// The committed basemap files are what geodata/tools/basemap.mjs makes from the locked world-atlas package
// (web/package-lock.json) and ../shared/reference/gazetteer.csv: regenerated in memory and compared byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

test('geodata/basemap.geojson and geodata/places.geojson are what the generator makes', () => {
  const out = execFileSync(process.execPath, [path.join(root, 'geodata', 'tools', 'basemap.mjs'), '--check'], { encoding: 'utf8' });
  assert.match(out, /same: geodata\/basemap\.geojson/);
  assert.match(out, /same: geodata\/places\.geojson/);
});
