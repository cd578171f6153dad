import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startS3Server, type S3TestServer } from './s3-server';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const BIN = join(ROOT, 'apps/server/bin/netsign.mjs');
const HAPROXY_CFG = join(ROOT, 'deploy/haproxy.cfg');
export const CLUSTER_SIZE = 3; // deploy/haproxy.cfg names three servers

export interface ClusterOptions {
  /** a PostgreSQL server (any database on it); the cluster makes its own fresh database there */
  serverUrl: string;
  /** the database to (re)create, default netsign_cluster */
  database?: string;
  /** 64 hex characters shared by every instance; default: a new random one */
  masterKey?: string;
  /** the demo data (accounts, project, units), made once before the instances start */
  demoData?: boolean;
  /** where instance, S3 and HAProxy logs go; default: a new temporary folder */
  logDir?: string;
  /** extra environment for every instance */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface Instance {
  n: number;
  port: number;
  url: string;
  process: ChildProcess;
  logFile: string;
  exited: Promise<void>;
}

export interface Cluster {
  /** the load balancer: what users (and the rehearsal's test) talk to */
  url: string;
  databaseUrl: string;
  masterKey: string;
  instances: Instance[];
  s3: S3TestServer;
  logDir: string;
  /** the environment the instances run with (for `netsign audit verify` and the like) */
  env: Record<string, string>;
  /** `kill -9` (or another signal) one instance, by its number 1..3 */
  kill(n: number, signal?: NodeJS.Signals): Promise<void>;
  /** stops everything; drops the database when asked */
  stop(opts?: { dropDatabase?: boolean }): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** The same server, another database: postgres://u@h:5432/test → …/netsign_cluster. */
export function withDatabase(serverUrl: string, database: string) {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

async function recreateDatabase(serverUrl: string, database: string) {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`database name ${database}: use a-z, 0-9 and _`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${database}" with (force)`);
    await admin.query(`create database "${database}"`);
  } finally {
    await admin.end();
  }
}

async function dropDatabase(serverUrl: string, database: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${database}" with (force)`);
  } finally {
    await admin.end();
  }
}

/** Polls a URL until it answers 200 (or the process behind it dies). */
async function until200(url: string, timeoutMs: number, alive: () => boolean = () => true, what = url) {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    if (!alive()) throw new Error(`${what} exited before it was ready`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (r.status === 200) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} not ready after ${timeoutMs / 1000} s (${last})`);
}

/** The demo data in the cluster's database and bucket, made once (migrating the new database). */
async function seedDemo(env: Record<string, string>) {
  const { buildServer } = await import('../app');
  const { loadConfig } = await import('../platform/config');
  const { seedDemoData } = await import('../demo/seed-demo-data');
  const server = await buildServer(loadConfig({ ...process.env, DATABASE_URL: '', S3_BUCKET: '', ...env }));
  try {
    await seedDemoData(server.ctx);
  } finally {
    await server.close();
  }
}

/** `npm run build -- server`: the JavaScript the instances run (NETSIGN_RUN=build). */
export function buildForCluster(what: 'all' | 'server' = 'all') {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), what], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

/**
 * A rehearsal of production on this machine: a fresh PostgreSQL database, an S3-compatible
 * server, three `netsign serve` instances (NODE_ENV=production, the compiled build, one
 * MASTER_KEY) and HAProxy in front with deploy/haproxy.cfg. Run `npm run build` first.
 */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const log = o.log ?? (() => {});
  const database = o.database ?? 'netsign_cluster';
  const masterKey = o.masterKey ?? randomBytes(32).toString('hex');
  const logDir = o.logDir ?? mkdtempSync(join(tmpdir(), 'netsign-cluster-'));
  mkdirSync(logDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'netsign-cluster-data-'));
  const started: { kill: () => Promise<void> }[] = [];
  const cleanUp = async () => {
    for (const s of started.reverse()) await s.kill().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  };

  try {
    const databaseUrl = withDatabase(o.serverUrl, database);
    await recreateDatabase(o.serverUrl, database);
    log(`PostgreSQL: database ${database} (new)`);

    const s3 = await startS3Server({ bucket: 'netsign', dir: join(work, 's3') });
    started.push({ kill: () => s3.stop() });
    log(`S3 (s3rver): ${s3.endpoint}, bucket ${s3.bucket}`);

    const lbPort = await freePort();
    const url = `http://127.0.0.1:${lbPort}`;
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      NETSIGN_RUN: 'build',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      ...s3.env,
      MASTER_KEY: masterKey,
      PUBLIC_URL: url,
      TRUSTED_PROXIES: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...o.env,
    };

    const instances: Instance[] = [];
    const spawnInstance = async (n: number) => {
      const port = await freePort();
      const logFile = join(logDir, `instance-${n}.log`);
      const out = createWriteStream(logFile);
      const args = [BIN, 'serve'];
      const child = spawn(process.execPath, args, {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: '',
          S3_BUCKET: '',
          ...env,
          PORT: String(port),
          DATA_DIR: join(work, `instance-${n}`),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.pipe(out);
      child.stderr!.pipe(out);
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      const inst: Instance = { n, port, url: `http://127.0.0.1:${port}`, process: child, logFile, exited };
      instances[n - 1] = inst;
      started.push({
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
            await exited;
            clearTimeout(t);
          }
        },
      });
      return inst;
    };
    const ready = (i: Instance) =>
      until200(
        `${i.url}/readyz`,
        180_000,
        () => i.process.exitCode === null && i.process.signalCode === null,
        `instance ${i.n} (see ${i.logFile})`,
      );

    if (o.demoData) {
      // `serve --demo-data` also opens the developer SMS outbox, which production refuses
      await seedDemo({ ...env, DATA_DIR: join(work, 'seed'), LOG_LEVEL: 'warn' });
      log('demo data created (accounts in README.md)');
    }
    // all three at once: they migrate under an advisory lock, one after the other
    const all = await Promise.all(Array.from({ length: CLUSTER_SIZE }, (_, k) => spawnInstance(k + 1)));
    await Promise.all(all.map(ready));
    for (const i of all) log(`instance ${i.n}: ${i.url} (pid ${i.process.pid}), log ${i.logFile}`);

    const haLog = createWriteStream(join(logDir, 'haproxy.log'));
    const haEnv: Record<string, string> = { NETSIGN_LISTEN: `127.0.0.1:${lbPort}` };
    instances.forEach((i) => (haEnv[`NETSIGN_APP${i.n}`] = `127.0.0.1:${i.port}`));
    const haproxy = spawn('haproxy', ['-f', HAPROXY_CFG, '-db'], {
      env: { ...process.env, ...haEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    haproxy.stdout!.pipe(haLog);
    haproxy.stderr!.pipe(haLog);
    const haExited = new Promise<void>((r) => haproxy.once('exit', () => r()));
    haproxy.once('error', () => {}); // not installed: the readiness wait below says so
    started.push({
      kill: async () => {
        if (haproxy.exitCode === null && haproxy.signalCode === null) {
          haproxy.kill('SIGTERM');
          await haExited;
        }
      },
    });
    await until200(
      `${url}/readyz`,
      30_000,
      () => haproxy.exitCode === null && haproxy.signalCode === null,
      `HAProxy (see ${join(logDir, 'haproxy.log')})`,
    );
    log(`HAProxy (deploy/haproxy.cfg): ${url}`);

    return {
      url,
      databaseUrl,
      masterKey,
      instances,
      s3,
      logDir,
      env,
      async kill(n, signal = 'SIGKILL') {
        const i = instances[n - 1];
        i.process.kill(signal);
        await i.exited;
      },
      async stop(opts = {}) {
        await cleanUp();
        if (opts.dropDatabase) await dropDatabase(o.serverUrl, database).catch(() => {});
      },
    };
  } catch (e) {
    await cleanUp();
    throw e;
  }
}
