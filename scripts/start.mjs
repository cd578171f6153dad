#!/usr/bin/env node
// `npm start`: builds what is missing or older than its sources (the server's JavaScript, the web
// apps), then serves the product on PORT (3000) with the demo data on the embedded database.
import { spawnSync } from 'node:child_process';
import { buildServer, buildWebApps, serverIsStale } from './build.mjs';

try {
  if (serverIsStale()) await buildServer();
  buildWebApps({ onlyStale: true });
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
const r = spawnSync('npx', ['netsign', 'serve', '--demo-data', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 0);
