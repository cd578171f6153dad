// `npm run bench -- launch [--big] [--clients N] [--units N] [--workers N] [--processes N]`: the
// sales launch (开盘). Clerks in separate processes (not in the server's event loop) race over HTTP
// to create and submit contracts for the same units; the server runs as deployed (node cluster,
// one instance per core, on PostgreSQL; one process on PGlite). On PostgreSQL, pgbench TPC-B runs
// first on a scratch database of the same server, so the ratio is measured in the same run.
// Prints contracts/s, requests/s, p50/p99, sold twice (must be 0), pgbench TPS and the ratio.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    big: { type: 'boolean', default: false },
    clients: { type: 'string' },
    units: { type: 'string' },
    workers: { type: 'string', default: String(availableParallelism()) },
    processes: { type: 'string', default: '2' },
    'no-pglite': { type: 'boolean', default: false },
    statements: { type: 'boolean', default: false },
  },
});
const CLIENTS = Number(values.clients ?? process.env.LAUNCH_CLIENTS ?? (values.big ? 5000 : 500));
const UNITS = Number(values.units ?? (values.big ? 2000 : 200));
const WORKERS = Number(values.workers);
const PROCESSES = Number(values.processes);
const SESSIONS = 20;
const FLOOR_PER_CLIENT = 8;
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const here = (f: string) => new URL(f, import.meta.url).pathname;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function scratchDatabase(
  prefix: string,
): Promise<{ url: string; name: string; drop: () => Promise<void> } | null> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
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
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** pgbench TPC-B (scale 1) with 20 clients for 10 s on a scratch database of the same server. */
async function pgbench(): Promise<number | null> {
  const db = await scratchDatabase('netsign_pgbench');
  if (!db) return null;
  try {
    const conn = new URL(db.url);
    const args = [
      '-h',
      conn.hostname,
      '-p',
      conn.port || '5432',
      '-U',
      decodeURIComponent(conn.username || 'postgres'),
    ];
    const init = spawnSync('pgbench', ['-i', '-q', ...args, db.name], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pgbench -i: ${init.stderr}`);
    const run = spawnSync('pgbench', ['-c', '20', '-j', '2', '-T', '10', ...args, db.name], { encoding: 'utf8' });
    const tps = /tps = ([\d.]+)/.exec(run.stdout)?.[1];
    if (!tps) throw new Error(`pgbench: ${run.stdout}${run.stderr}`);
    return Number(tps);
  } finally {
    await db.drop();
  }
}

const message = <T>(child: ChildProcess, test: (m: any) => boolean) =>
  new Promise<T>((resolve, reject) => {
    const on = (m: any) => {
      if (test(m)) {
        child.off('message', on);
        resolve(m);
      }
    };
    child.on('message', on);
    child.once('exit', (code) => reject(new Error(`process ${child.pid} exited (${code})`)));
  });
async function soldTwiceOn(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      `select count(*)::int as n from (select unit_id from contracts where status not in ('草稿', '已撤销') group by unit_id having count(*) > 1) t`,
    );
    return Number(r.rows[0].n);
  } finally {
    await c.end();
  }
}
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** The bare Node server (launch/bare-server.ts) on the same PostgreSQL, with as many instances. */
async function bareFloor(procs: ChildProcess[], perClient: number, databaseUrl: string) {
  const bare = fork(here('./launch/bare-server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_WORKERS: String(WORKERS) },
  });
  try {
    const { url } = await message<{ url: string }>(bare, (m) => m?.url);
    return await httpFloor(procs, perClient, url);
  } finally {
    bare.send('stop');
    await new Promise((r) => bare.once('exit', r));
  }
}

/**
 * The stack's own ceiling in the same run: every client sends `perClient` GET /api/auth/me one
 * after another (or plain GETs of `url`, the bare server). Contract work can never go faster than
 * this, so it bounds what any cut of statements can reach.
 */
async function httpFloor(procs: ChildProcess[], perClient: number, url?: string) {
  const results = procs.map((p) =>
    message<{ floorRequests: number; floorFailed: number }>(p, (m) => m?.floorRequests !== undefined),
  );
  const started = performance.now();
  procs.forEach((p) => p.send({ floor: perClient, url }));
  const done = await Promise.all(results);
  const seconds = (performance.now() - started) / 1000;
  const ok = done.reduce((n, d) => n + d.floorRequests, 0);
  return { perClient, requestsPerSecond: ok / seconds, failed: done.reduce((n, d) => n + d.floorFailed, 0) };
}

async function launch(label: string, databaseUrl?: string) {
  const server = fork(here('./launch/server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl ?? '',
      BENCH_WORKERS: String(WORKERS),
      BENCH_UNITS: String(UNITS),
    },
  });
  try {
    const ready = await message<{ url: string; units: any[]; workers: number }>(server, (m) => m?.ready);
    const procs = Array.from({ length: PROCESSES }, () =>
      fork(here('./launch/clients.ts'), [], { execArgv: ['--import', 'tsx'] }),
    );
    const readies = procs.map((p) => message(p, (m) => m === 'ready'));
    procs.forEach((p, k) =>
      p.send({
        url: ready.url,
        units: ready.units,
        sessions: Math.max(1, Math.round(SESSIONS / PROCESSES)),
        clients: Array.from({ length: CLIENTS }, (_, i) => i).filter((i) => i % PROCESSES === k),
      }),
    );
    await Promise.all(readies);
    const results = procs.map((p) => message<any>(p, (m) => m?.latencies));
    const started = performance.now();
    procs.forEach((p) => p.send('go'));
    const done = await Promise.all(results);
    const seconds = (performance.now() - started) / 1000;
    const loadNow = load();
    const sum = (k: string) => done.reduce((n, d) => n + d[k], 0);
    const latencies = done.flatMap((d) => d.latencies).sort((a, b) => a - b);
    const soldTwice = databaseUrl
      ? await soldTwiceOn(databaseUrl)
      : await (async () => {
          server.send('sold-twice');
          return (await message<{ soldTwice: number }>(server, (m) => m?.soldTwice !== undefined)).soldTwice;
        })();
    const won = sum('won');
    const row = {
      label,
      instances: ready.workers,
      clients: CLIENTS,
      units: ready.units.length,
      sold: won,
      refused: sum('refused'),
      errors: sum('failed'),
      contractsPerSecond: won / seconds,
      requestsPerSecond: sum('requests') / seconds,
      p50: pct(latencies, 50),
      p99: pct(latencies, 99),
      soldTwice,
      seconds,
      load: loadNow,
    };
    console.log(
      `${label.padEnd(11)} instances ${row.instances}  clients ${CLIENTS} in ${PROCESSES} processes  units ${row.units}  sold ${won}  refused ${row.refused}  errors ${row.errors}  ` +
        `contracts/s ${row.contractsPerSecond.toFixed(1)}  requests/s ${row.requestsPerSecond.toFixed(0)}  p50 ${row.p50.toFixed(0)} ms  p99 ${row.p99.toFixed(0)} ms  ` +
        `sold twice ${soldTwice}  (${seconds.toFixed(1)} s, load ${loadNow})`,
    );
    if (soldTwice !== 0 || row.errors > 0) process.exitCode = 1;
    // 8 a client: long enough to be a rate, not the connection burst alone (the HTTP floor reuses
    // the race's connections; the bare one opens its own with its first request)
    const floor = await httpFloor(procs, FLOOR_PER_CLIENT);
    console.log(
      `${''.padEnd(11)} HTTP floor: GET /api/auth/me, same clients and instances, ${floor.perClient} each: ` +
        `${floor.requestsPerSecond.toFixed(0)} requests/s (failed ${floor.failed}); the race's requests/s is ` +
        `${((100 * row.requestsPerSecond) / floor.requestsPerSecond).toFixed(0)} % of it`,
    );
    const bare = databaseUrl ? await bareFloor(procs, floor.perClient, databaseUrl) : null;
    if (bare)
      console.log(
        `${''.padEnd(11)} bare floor: node:http + one prepared statement, same clients, ${bare.perClient} each: ` +
          `${bare.requestsPerSecond.toFixed(0)} requests/s (failed ${bare.failed}); the HTTP floor is ` +
          `${((100 * floor.requestsPerSecond) / bare.requestsPerSecond).toFixed(0)} % of it`,
      );
    procs.forEach((p) => p.kill());
    return { ...row, floorRequestsPerSecond: floor.requestsPerSecond, bareRequestsPerSecond: bare?.requestsPerSecond };
  } finally {
    server.send('stop');
    await new Promise((r) => server.once('exit', r));
  }
}

if (values.statements) {
  const db = await scratchDatabase('netsign_statements');
  if (!db) throw new Error(`--statements needs PostgreSQL at ${PG_URL}`);
  try {
    await (await import('./launch/statements.ts')).countStatements(db.url);
  } finally {
    await db.drop();
  }
  process.exit(0);
}
console.log(
  `launch: ${CLIENTS} clients on ${UNITS} units, ${SESSIONS} clerk sessions, clients in ${PROCESSES} processes; ${availableParallelism()} cores, load ${load()}`,
);
if (!values['no-pglite']) await launch('PGlite');
const tps = await pgbench();
if (tps === null) console.log(`PostgreSQL  skipped: nothing answers at ${PG_URL}`);
else {
  console.log(`pgbench     TPC-B scale 1, 20 clients, 10 s: ${tps.toFixed(0)} TPS (load ${load()})`);
  const db = await scratchDatabase('netsign_bench');
  try {
    const r = await launch('PostgreSQL', db!.url);
    console.log(`ratio       contracts/s ÷ pgbench TPS = ${(r.contractsPerSecond / tps).toFixed(3)} (aim ≥ 0.3)`);
    const perContract = r.requestsPerSecond / r.contractsPerSecond;
    console.log(
      `ceiling     at the HTTP floor, ${perContract.toFixed(1)} requests per contract sold allow at most ` +
        `${(r.floorRequestsPerSecond / perContract).toFixed(0)} contracts/s = ${(r.floorRequestsPerSecond / perContract / tps).toFixed(3)} × pgbench TPS`,
    );
    if (r.bareRequestsPerSecond)
      console.log(
        `${''.padEnd(11)} at the bare floor (one statement a request, no session): at most ` +
          `${(r.bareRequestsPerSecond / perContract).toFixed(0)} contracts/s = ${(r.bareRequestsPerSecond / perContract / tps).toFixed(3)} × pgbench TPS`,
      );
  } finally {
    await db!.drop();
  }
}
