import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildServer, type Server } from '../app';
import { loadConfig } from '../platform/config';
import type { Clock } from '../platform/clock';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A new, empty PostgreSQL database (NETSIGN_TEST_PG=1 and DATABASE_URL), or undefined on PGlite
 * runs; `startTestServers` runs several instances on one.
 */
export async function createTestDatabase(): Promise<TestDatabase | undefined> {
  if (!(process.env.NETSIGN_TEST_PG && process.env.DATABASE_URL)) return undefined;
  const name = `netsign_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * A whole server on a fresh database: PGlite in memory by default; with NETSIGN_TEST_PG=1 and
 * DATABASE_URL, a new PostgreSQL database made for this server and dropped after.
 */
export async function startTestServer(
  opts: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<Server & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'netsign-test-'));
  const database = await createTestDatabase();
  const server = await buildServer(testConfig(dataDir, database?.url, randomBytes(32).toString('hex'), opts.env), {
    clock: opts.clock,
  });
  return {
    ...server,
    dataDir,
    async close() {
      await server.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Several instances of the server on one new PostgreSQL database, started at the same time (so
 * they race to migrate it), sharing what instances behind a load balancer share: the database,
 * the blob store and MASTER_KEY. PostgreSQL only (NETSIGN_TEST_PG=1 and DATABASE_URL).
 */
export async function startTestServers(
  n: number,
  opts: { env?: Record<string, string> } = {},
): Promise<{ servers: Server[]; databaseUrl: string; close(): Promise<void> }> {
  const database = await createTestDatabase();
  if (!database) throw new Error('startTestServers needs NETSIGN_TEST_PG=1 and DATABASE_URL');
  const dataDir = mkdtempSync(join(tmpdir(), 'netsign-test-'));
  const masterKey = randomBytes(32).toString('hex');
  const started = await Promise.allSettled(
    Array.from({ length: n }, () => buildServer(testConfig(dataDir, database.url, masterKey, opts.env))),
  );
  const servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const close = async () => {
    await Promise.all(servers.map((s) => s.close()));
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await close();
    throw (failed as PromiseRejectedResult).reason;
  }
  return { servers, databaseUrl: database.url, close };
}

function testConfig(
  dataDir: string,
  databaseUrl: string | undefined,
  masterKey: string,
  env: Record<string, string> = {},
) {
  return loadConfig(
    {},
    {
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      PGLITE_MEMORY: 'true' as any,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      PORT: 0 as any,
      PUBLIC_URL: 'http://netsign.test',
      MASTER_KEY: masterKey,
      DEV_OUTBOX: 'true' as any,
      ...env,
    },
  );
}
