#!/usr/bin/env node
// `npm run bench [-- name ... --option value ...]`: runs bench/<name>.bench.ts (all of them when none is named).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const all = readdirSync(new URL('../bench', import.meta.url))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''));
// benchmark names are the words that name one; everything else (options and their values) is passed on
const args = process.argv.slice(2);
const isName = (a, i) => !a.startsWith('-') && (all.includes(a) || i === 0 || !args[i - 1].startsWith('-'));
const wanted = args.filter(isName);
const options = args.filter((a, i) => !isName(a, i));
const names = wanted.length ? wanted : all;
let status = 0;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`no benchmark "${name}"; have: ${all.join(', ')}`);
    status = 2;
    continue;
  }
  console.log(`\n=== bench ${name} ===`);
  const r = spawnSync('npx', ['tsx', `bench/${name}.bench.ts`, ...options], { stdio: 'inherit' });
  if (r.status) status = r.status;
}
process.exit(status);
