import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildServer, type Server } from '../app';
import { loadConfig } from '../platform/config';
import type { Clock } from '../platform/clock';

/**
 * A whole server on a fresh database: PGlite in memory by default; with NETSIGN_TEST_PG=1 and
 * DATABASE_URL, a new PostgreSQL database made for this server and dropped after.
 */
export async function startTestServer(opts: { clock?: Clock; env?: Record<string, string> } = {}): Promise<Server & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'netsign-test-'));
  let databaseUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  if (process.env.NETSIGN_TEST_PG && process.env.DATABASE_URL) {
    const name = `netsign_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const config = loadConfig(
    {},
    { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, PGLITE_MEMORY: 'true' as any, LOG_LEVEL: 'warn', NODE_ENV: 'test', PORT: 0 as any, PUBLIC_URL: 'http://netsign.test', MASTER_KEY: randomBytes(32).toString('hex'), ...opts.env },
  );
  const server = await buildServer(config, { clock: opts.clock });
  return {
    ...server,
    dataDir,
    async close() {
      await server.close();
      await dropDb?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
