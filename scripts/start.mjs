#!/usr/bin/env node
// `npm start`: builds the web apps when their build is missing or older than their sources, then
// serves the product on PORT (3000) with the demo data on the embedded database.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const newest = (dir) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};

for (const app of ['apps/console', 'apps/mobile']) {
  if (!existsSync(join(app, 'package.json'))) continue;
  const index = join(app, 'dist/index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(app, 'src'))) continue;
  console.log(`building ${app} …`);
  const r = spawnSync('npm', ['run', 'build', '-w', app], { stdio: 'inherit' });
  if (r.status) process.exit(r.status);
}
const r = spawnSync('npx', ['netsign', 'serve', '--demo-data', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 0);
