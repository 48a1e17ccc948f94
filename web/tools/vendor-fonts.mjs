// Copies the map's label fonts from web/node_modules (fontsource: Noto Sans, Noto Sans Arabic, Noto Sans Hebrew;
// SIL Open Font License 1.1) into <out>/vendor/fonts/ and writes fonts.json: one entry per file with the
// unicode-range fontsource declares for it, which the map hands MapLibre as the style's `font-faces`.
// Usage: node web/tools/vendor-fonts.mjs <out dir>     (called by scripts/build-web.sh; copies only what differs)
import fs from 'node:fs';
import path from 'node:path';

const web = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(process.argv[2], 'vendor', 'fonts');
fs.mkdirSync(out, { recursive: true });

// Which subsets of which family: the scripts the place names are written in (Latin, Arabic, Hebrew).
const wanted = [
  ['noto-sans', ['latin', 'latin-ext']],
  ['noto-sans-arabic', ['arabic']],
  ['noto-sans-hebrew', ['hebrew']],
];
const faces = [];
const copy = (from, to) => {
  if (!fs.existsSync(to) || !fs.readFileSync(from).equals(fs.readFileSync(to))) fs.copyFileSync(from, to);
};
for (const [family, subsets] of wanted) {
  const dir = path.join(web, 'node_modules', '@fontsource', family);
  const css = fs.readFileSync(path.join(dir, '400.css'), 'utf8');
  for (const subset of subsets) {
    const file = `${family}-${subset}-400-normal.woff2`;
    const block = css.split('@font-face').find((b) => b.includes(`/${file}`));
    const range = block && /unicode-range:\s*([^;]+);/.exec(block);
    if (!range) throw new Error(`no unicode-range for ${file} in ${family}/400.css`);
    copy(path.join(dir, 'files', file), path.join(out, file));
    faces.push({ url: `vendor/fonts/${file}`, 'unicode-range': range[1].split(',').map((r) => r.trim()) });
  }
  copy(path.join(dir, 'LICENSE'), path.join(out, `${family.toUpperCase()}-LICENSE.txt`));
}
const json = `${JSON.stringify(faces, null, 1)}\n`;
const target = path.join(out, 'fonts.json');
if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== json) fs.writeFileSync(target, json);
