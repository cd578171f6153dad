import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { buildServer, type Server } from '../app';
import { loadConfig } from '../platform/config';
import { organisations, users } from '../modules/accounts/tables';
import { hashPassword } from '../modules/accounts/passwords';
import { safeUrl } from './log-redaction';

// Issue 11 item 6: buyers' ID numbers, password hashes, SQL parameters and QR link tokens never
// reach the log. The server's own log stream is captured while real failures happen.
describe('what reaches the log', () => {
  let server: Server;
  let dataDir: string;
  let dropDb: (() => Promise<void>) | undefined;
  const lines: string[] = [];
  const logText = () => lines.join('');
  const ID_NUMBER = '44200019900307123X';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'netsign-log-'));
    let databaseUrl: string | undefined;
    if (process.env.NETSIGN_TEST_PG && process.env.DATABASE_URL) {
      const name = `netsign_log_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const u = new URL(process.env.DATABASE_URL);
      u.pathname = `/${name}`;
      databaseUrl = u.toString();
      dropDb = async () => {
        const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      };
    }
    const config = loadConfig(
      {},
      {
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        PGLITE_MEMORY: 'true' as any,
        LOG_LEVEL: 'info',
        NODE_ENV: 'test',
        PORT: 0 as any,
        PUBLIC_URL: 'http://netsign.test',
        MASTER_KEY: randomBytes(32).toString('hex'),
      },
    );
    const logStream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(chunk.toString('utf8'));
        cb();
      },
    });
    server = await buildServer(config, { logStream });
  });
  afterAll(async () => {
    await server?.close();
    await dropDb?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs a failed query without its parameters or the database’s detail line', async () => {
    const db = server.ctx.db;
    const orgId = randomUUID();
    await db.insert(organisations).values({ id: orgId, kind: 'seller', name: '甲公司', legalRepIdNumber: ID_NUMBER });
    const hash = await hashPassword('Secret@2026pass');
    await db.insert(users).values({
      id: randomUUID(),
      orgId,
      username: 'zhang.san',
      displayName: '张三',
      role: 'seller_clerk',
      passwordHash: hash,
    });
    // the same primary key and the same user name again: both fail in the database
    const failures: unknown[] = [];
    await db
      .insert(organisations)
      .values({ id: orgId, kind: 'seller', name: '乙公司', legalRepIdNumber: ID_NUMBER })
      .catch((e) => failures.push(e));
    await db
      .insert(users)
      .values({
        id: randomUUID(),
        orgId,
        username: 'zhang.san',
        displayName: '张三',
        role: 'seller_clerk',
        passwordHash: hash,
      })
      .catch((e) => failures.push(e));
    expect(failures).toHaveLength(2);
    // every error the server logs goes through the same serializer (error handler, queue, health)
    for (const err of failures) server.ctx.log.error({ err }, 'unhandled error');
    const text = logText();
    expect(text).toContain('unhandled error');
    expect(text).toContain('insert into');
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain(hash);
    expect(text).not.toContain(hash.split('$').at(-1)!);
    expect(text).not.toContain('zhang.san');
  });

  it('logs request URLs without link tokens or query strings', async () => {
    const token = randomBytes(32).toString('base64url');
    await server.app.inject({ method: 'GET', url: `/api/buyer/cases/${token}` });
    await server.app.inject({ method: 'GET', url: `/m/case/${token}` });
    await server.app.inject({
      method: 'GET',
      url: `/api/public/certificates/verify?no=${encodeURIComponent('(2026)粤中山证字第1号')}&code=SECRETCODE42`,
    });
    await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'zhang.san', password: 'Secret@2026pass' },
    });
    const text = logText();
    expect(text).toContain('/api/buyer/cases/***');
    expect(text).not.toContain(token);
    expect(text).not.toContain('SECRETCODE42');
    expect(text).not.toContain('Secret@2026pass');
  });

  it('masks token paths and drops query strings, keeping ids and hashes', () => {
    const id = randomUUID();
    const sha = 'ab'.repeat(32);
    expect(safeUrl(`/api/notary/cases/${id}/files/${sha}`)).toBe(`/api/notary/cases/${id}/files/${sha}`);
    expect(safeUrl('/api/buyer/cases/short?x=1')).toBe('/api/buyer/cases/***?…');
    expect(safeUrl(`/anything/${'Ab0_-'.repeat(8)}`)).toBe('/anything/***');
  });
});
