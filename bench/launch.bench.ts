// `npm run bench -- launch`: the sales launch (开盘). Many clerks at once create and submit
// contracts for the same 200 units over real HTTP; prints throughput, latency and how many units
// were sold twice (must be 0), on PGlite and on PostgreSQL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildServer } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/platform/config';
import { seedDemoData, demoUnitsCsv } from '../apps/server/src/demo/seed-demo-data';
import { ApiClient } from '../apps/server/src/testing/http-client';
import { contractTerms } from '../apps/server/src/demo/walk/seller-steps';
import { DEMO_BUYERS } from '../apps/server/src/demo/demo-accounts';

const CLIENTS = Number(process.env.LAUNCH_CLIENTS ?? 500);
const UNITS = 200;
const SESSIONS = 20;
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const name = `netsign_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function launch(label: string, databaseUrl?: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'netsign-bench-'));
  const server = await buildServer(loadConfig({}, { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, PGLITE_MEMORY: 'true' as any, LOG_LEVEL: 'error', NODE_ENV: 'test' }));
  try {
    await seedDemoData(server.ctx);
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(server.app.server.address() as any).port}`;
    const admin = await new ApiClient(url).login('admin', 'Admin@2026demo');
    const [project] = (await admin.get('/api/projects')).body;
    const licence = (await admin.get(`/api/projects/${project.id}`)).body.presaleLicences[0];
    for (const name of ['3栋', '4栋']) {
      const b = await admin.post(`/api/admin/projects/${project.id}/buildings`, { name, floors: 10, presaleLicenceId: licence.id });
      await admin.request('POST', `/api/admin/buildings/${b.body.id}/units/import`, Buffer.from(demoUnitsCsv()), { 'content-type': 'text/csv' });
    }
    const units = (await admin.get(`/api/projects/${project.id}/units?pageSize=500`)).body.items.slice(0, UNITS);
    const clerks = await Promise.all(Array.from({ length: SESSIONS }, () => new ApiClient(url).login('seller', 'Seller@2026demo')));
    const today = new Date();
    const latencies: number[] = [];
    let won = 0;
    let refused = 0;
    let failed = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
      const clerk = clerks[i % SESSIONS];
      const unit = units[(i * 7919) % UNITS]; // every unit wanted by 2–3 clients, in scattered order
      const t0 = performance.now();
      const draft = await clerk.post('/api/contracts', { unitId: unit.id, terms: contractTerms(unit, [DEMO_BUYERS[0]], today) });
      let outcome = draft.status;
      if (draft.status === 201) outcome = (await clerk.post(`/api/contracts/${draft.body.id}/submit`)).status;
      latencies.push(performance.now() - t0);
      if (outcome === 200) won++;
      else if (outcome === 409) refused++;
      else failed++;
    }));
    const seconds = (performance.now() - started) / 1000;
    const res: any = await server.ctx.db.execute(sql`
      select count(*)::int as n from (select unit_id from contracts where status not in ('草稿', '已撤销') group by unit_id having count(*) > 1) t`);
    const soldTwice = Number((res.rows ?? res)[0].n);
    latencies.sort((a, b) => a - b);
    console.log(`${label.padEnd(11)} clients ${CLIENTS}  units ${UNITS}  sold ${won}  refused ${refused}  errors ${failed}  ` +
      `contracts/s ${(won / seconds).toFixed(1)}  requests/s ${((won + refused + failed) * 2 / seconds).toFixed(0)}  ` +
      `p50 ${pct(latencies, 50).toFixed(0)} ms  p99 ${pct(latencies, 99).toFixed(0)} ms  sold twice ${soldTwice}`);
    if (soldTwice !== 0) process.exitCode = 1;
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await launch('PGlite');
const db = await freshPostgres();
if (db) {
  try {
    await launch('PostgreSQL', db.url);
  } finally {
    await db.drop();
  }
} else console.log(`PostgreSQL   skipped: nothing answers at ${PG_URL}`);
