// The launch benchmark's server, in a process of its own (forked by launch.bench.ts). The primary
// prepares the database (demo data, buildings and units through the admin API) and answers with
// the units for sale; on PostgreSQL it then forks BENCH_WORKERS instances (node cluster, one port,
// connections spread by the primary) as production runs several instances; on PGlite, which
// lives in one process, it serves by itself.
import cluster from 'node:cluster';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { buildServer, type Server } from '../../apps/server/src/app';
import { loadConfig } from '../../apps/server/src/platform/config';
import { seedDemoData, demoUnitsCsv } from '../../apps/server/src/demo/seed-demo-data';
import { ApiClient } from '../../apps/server/src/testing/http-client';

const DATABASE_URL = process.env.DATABASE_URL || undefined;
const WORKERS = DATABASE_URL ? Number(process.env.BENCH_WORKERS ?? 2) : 1;
const UNITS = Number(process.env.BENCH_UNITS ?? 200);
const dataDir = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'netsign-bench-'));
const config = (port: number) =>
  loadConfig(
    {},
    {
      DATA_DIR: dataDir,
      DATABASE_URL,
      PGLITE_MEMORY: 'true' as any,
      LOG_LEVEL: 'error',
      NODE_ENV: 'test',
      PORT: port as any,
      HOST: '127.0.0.1',
    },
  );
const send = (m: unknown) => process.send!(m);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as any).port;
      s.close(() => resolve(p));
    });
  });
}

/** Buildings until there are UNITS units for sale; answers the units (the clients need their areas). */
async function prepare(url: string) {
  const admin = await new ApiClient(url).login('admin', 'Admin@2026demo');
  const [project] = (await admin.get('/api/projects')).body;
  const licence = (await admin.get(`/api/projects/${project.id}`)).body.presaleLicences[0];
  const list = async () => {
    const out: any[] = [];
    for (let page = 1; ; page++) {
      const r = (
        await admin.get(
          `/api/projects/${project.id}/units?status=${encodeURIComponent('可售')}&pageSize=200&page=${page}`,
        )
      ).body;
      out.push(...r.items);
      if (r.items.length < 200) return out;
    }
  };
  for (let n = 3; (await list()).length < UNITS; n++) {
    const b = await admin.post(`/api/admin/projects/${project.id}/buildings`, {
      name: `${n}栋`,
      floors: 40,
      presaleLicenceId: licence.id,
    });
    await admin.request('POST', `/api/admin/buildings/${b.body.id}/units/import`, Buffer.from(demoUnitsCsv(40, 6)), {
      'content-type': 'text/csv',
    });
  }
  return (await list()).slice(0, UNITS);
}

async function soldTwice(server: Server) {
  const res: any = await server.ctx.db.execute(sql`
    select count(*)::int as n from (select unit_id from contracts where status not in ('草稿', '已撤销') group by unit_id having count(*) > 1) t`);
  return Number((res.rows ?? res)[0].n);
}

if (cluster.isPrimary) {
  const port = await freePort();
  const server = await buildServer(config(WORKERS > 1 ? 0 : port));
  await seedDemoData(server.ctx);
  await server.app.listen({ port: WORKERS > 1 ? 0 : port, host: '127.0.0.1' });
  const units = await prepare(`http://127.0.0.1:${(server.app.server.address() as any).port}`);
  if (WORKERS > 1) {
    await server.close();
    // BENCH_CPU_PROF=dir: each instance writes a V8 CPU profile there when it stops
    if (process.env.BENCH_CPU_PROF)
      cluster.setupPrimary({
        execArgv: [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`],
      });
    let up = 0;
    for (let i = 0; i < WORKERS; i++) {
      cluster.fork({ BENCH_PORT: String(port), BENCH_DATA_DIR: dataDir }).on('message', (m) => {
        if (m === 'listening' && ++up === WORKERS)
          send({
            ready: true,
            url: `http://127.0.0.1:${port}`,
            units,
            workers: WORKERS,
            pids: Object.values(cluster.workers!).map((w) => w!.process.pid),
          });
      });
    }
  } else {
    send({ ready: true, url: `http://127.0.0.1:${port}`, units, workers: 1, pids: [process.pid] });
  }
  process.on('message', async (m: any) => {
    if (m === 'sold-twice') send({ soldTwice: await soldTwice(server) });
    if (m === 'stop') {
      await Promise.all(
        Object.values(cluster.workers ?? {}).map(
          (w) =>
            new Promise((r) => {
              w!.once('exit', r);
              w!.kill('SIGTERM');
            }),
        ),
      );
      if (WORKERS === 1) await server.close();
      process.exit(0);
    }
  });
} else {
  const server = await buildServer(config(Number(process.env.BENCH_PORT)));
  await server.app.listen({ port: Number(process.env.BENCH_PORT), host: '127.0.0.1' });
  process.send!('listening');
  process.on('SIGTERM', async () => {
    await server.close();
    process.exit(0);
  });
}
