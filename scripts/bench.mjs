#!/usr/bin/env node
// `npm run bench [-- name ...]`: runs bench/<name>.bench.ts (all of them when none is named).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const all = readdirSync(new URL('../bench', import.meta.url)).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : all;
let status = 0;
for (const name of names) {
  if (!all.includes(name)) { console.error(`no benchmark "${name}"; have: ${all.join(', ')}`); status = 2; continue; }
  console.log(`\n=== bench ${name} ===`);
  const r = spawnSync('npx', ['tsx', `bench/${name}.bench.ts`, ...process.argv.slice(2).filter((a) => a.startsWith('-'))], { stdio: 'inherit' });
  if (r.status) status = r.status;
}
process.exit(status);
