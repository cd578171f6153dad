#!/usr/bin/env node
// `npm run cluster`: a rehearsal of production on this machine. Builds (npm run build), then
// starts a fresh PostgreSQL database (netsign_cluster on DATABASE_URL's server), an S3-compatible
// server, three instances (NODE_ENV=production, the compiled build, one MASTER_KEY) and HAProxy
// with deploy/haproxy.cfg in front; prints the address; Ctrl-C stops everything.
//
//   npm run cluster                   with the demo data (accounts in README.md)
//   npm run cluster -- --empty        an empty installation (create the administrator with netsign admin)
//   npm run cluster -- --no-build     use the existing build
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { register } from 'tsx/esm/api';
import { ensureTools } from './tools.mjs';

const { values } = parseArgs({
  options: {
    empty: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    database: { type: 'string', default: 'netsign_cluster' },
  },
});
const tools = ensureTools(['haproxy']);
if (!tools.ok) {
  console.error(`\nThe rehearsal needs HAProxy. Run:\n\n  ${tools.cmd}\n`);
  process.exit(1);
}
const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
if (!values['no-build']) {
  const b = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
register();
const { startCluster } = await import('../apps/server/src/testing/cluster.ts');
const log = (s) => console.log(`  ${s}`);
console.log(`\nstarting the rehearsal (PostgreSQL server ${new URL(serverUrl).host}) …`);
if (!process.env.MASTER_KEY) log('MASTER_KEY not set: a new one for this rehearsal (all instances share it)');
let cluster;
try {
  cluster = await startCluster({
    serverUrl,
    database: values.database,
    masterKey: process.env.MASTER_KEY || undefined,
    demoData: !values.empty,
    log,
  });
} catch (e) {
  console.error(`\nthe rehearsal did not start: ${e.message}`);
  process.exit(1);
}
console.log(`\nnetsign (3 instances behind HAProxy): ${cluster.url}`);
console.log(`  console ${cluster.url}/console/   buyer app ${cluster.url}/m/   readiness ${cluster.url}/readyz`);
console.log(`  logs: ${cluster.logDir}`);
console.log(`  audit: DATABASE_URL=${cluster.databaseUrl} NETSIGN_RUN=build npx netsign audit verify`);
console.log(
  `  kill one: kill -9 ${cluster.instances[0].process.pid}   (pids ${cluster.instances.map((i) => i.process.pid).join(', ')})`,
);
console.log('  Ctrl-C stops everything (the database stays until the next run)');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping …');
  await cluster.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
