// A second CQL2 implementation as referee: cql2-rs (developmentseed), compiled to WebAssembly and published on npm as
// cql2-wasm. Reads {"expressions": [cql2 text, ...], "features": [GeoJSON features]} on stdin and writes, for each
// expression, what cql2-rs makes of it: its CQL2 JSON, and the ids of the features it matches (or why it could not
// evaluate it). Used by tests/GeoMonitor.Api.Tests/Ogc/OgcCql2RefereeTests.cs.
import fs from 'node:fs';

// The package is built for bundlers (it imports the .wasm file as a module), so load the module by hand.
const dir = new URL('./node_modules/cql2-wasm/', import.meta.url);
const bg = await import(new URL('cql2_wasm_bg.js', dir));
const { instance } = await WebAssembly.instantiate(fs.readFileSync(new URL('cql2_wasm_bg.wasm', dir)), { './cql2_wasm_bg.js': bg });
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start?.();

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const results = input.expressions.map((text) => {
  let expr;
  try {
    expr = bg.parseText(text);
  } catch (e) {
    return { text, parseError: String(e) };
  }
  const json = expr.to_json();
  const out = { text, json: typeof json === 'string' ? json : JSON.stringify(json), valid: expr.is_valid() };
  try {
    out.matches = input.features.filter((f) => expr.matches(f)).map((f) => f.id);
  } catch (e) {
    out.evalError = String(e);
  }
  return out;
});
process.stdout.write(JSON.stringify(results));
