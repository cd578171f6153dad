import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { startTestServer } from '../testing/test-server';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** A port nothing listens on: the address of a store that is down. */
async function deadPort() {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as any).port as number;
  await new Promise((r) => s.close(r));
  return port;
}

describe('/healthz and /readyz: what a load balancer asks', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close().catch(() => {});
  });

  it('answers 200 while the database and the blob store answer, 503 on /readyz once the database is gone', async () => {
    const s = await startTestServer();
    servers.push(s);
    expect((await s.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await s.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toEqual({ database: 'ok', migrations: 'ok', blobs: 'ok' });

    await s.ctx.database.close();
    const gone = await s.app.inject({ url: '/readyz' });
    expect(gone.statusCode).toBe(503);
    expect(gone.json()).toMatchObject({ code: 'NOT_READY', checks: { database: 'failed', blobs: 'ok' } });
    expect(gone.json().message).toMatch(/[\u4e00-\u9fa5]/);
    // the process itself is fine: a liveness probe must not restart it for a database outage
    expect((await s.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  }, 180_000);

  it('is not ready (503) when the S3 blob store cannot be reached', async () => {
    const s = await startTestServer({
      env: {
        S3_BUCKET: 'netsign',
        S3_ENDPOINT: `http://127.0.0.1:${await deadPort()}`,
        S3_ACCESS_KEY_ID: 'k',
        S3_SECRET_ACCESS_KEY: 's',
      },
    });
    servers.push(s);
    const ready = await s.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toMatchObject({ database: 'ok', migrations: 'ok', blobs: 'failed' });
  }, 180_000);
});
