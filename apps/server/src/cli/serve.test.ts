// `netsign serve` as a deploy stops it: SIGTERM with a live (SSE) client connected.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { ApiClient } from '../testing/http-client';
import { createTestDatabase, type TestDatabase } from '../testing/test-server';
import { DEMO_ACCOUNTS } from '../demo/demo-accounts';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../../bin/netsign.mjs');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as any).port as number;
  await new Promise((r) => s.close(r));
  return port;
}

describe('netsign serve: graceful shutdown', () => {
  let child: ChildProcess | undefined;
  let database: TestDatabase | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'netsign-serve-'));
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM finishes running requests, ends the live streams with a retry hint and exits 0 within 10 s', async () => {
    database = await createTestDatabase();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [bin, 'serve', '--demo-data'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PGLITE_MEMORY: 'true',
        DATABASE_URL: database?.url ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        MASTER_KEY: randomBytes(32).toString('hex'),
        PUBLIC_URL: url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));

    // up and ready
    const until = Date.now() + 150_000;
    for (;;) {
      const ok = await fetch(`${url}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (child.exitCode !== null || Date.now() > until) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 300));
    }

    const seller = await new ApiClient(url).login(
      'seller',
      DEMO_ACCOUNTS.find((a) => a.username === 'seller')!.password,
    );
    const res = await fetch(`${url}/api/live`, { headers: { cookie: seller.cookie } });
    expect(res.status).toBe(200);
    let stream = '';
    const reader = res.body!.getReader();
    const streamEnded = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return 'ended';
          stream += Buffer.from(value).toString('utf8');
        }
      } catch {
        return 'cut';
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    expect(stream).toContain(': connected');

    // requests under way when the signal comes (a sign-in hashes a password: it takes a while)
    // are finished, not cut off
    const password = DEMO_ACCOUNTS.find((a) => a.username === 'notary')!.password;
    const inFlight = Array.from({ length: 4 }, () =>
      fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'notary', password }),
      })
        .then(async (r) =>
          r.status === 200 && (await r.json()).csrfToken
            ? 'completed'
            : r.status === 503
              ? 'refused'
              : `HTTP ${r.status}`,
        )
        .catch((e) => (e?.cause?.code === 'ECONNREFUSED' ? 'refused' : `cut off: ${e?.cause?.code ?? e}`)),
    );
    // signal once the server has read all four (it logs each request as it starts)
    const started = () =>
      output.split('\n').filter((l) => l.includes('incoming request') && l.includes('/api/auth/login')).length;
    const before = started();
    const readBy = Date.now() + 60_000;
    while (started() < before + 4 && Date.now() < readBy) await new Promise((r) => setTimeout(r, 5));
    const sentAt = Date.now();
    child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), 10_000)),
    ]);
    expect(code, `exit within 10 s of SIGTERM (${Date.now() - sentAt} ms)\n${output}`).toBe(0);
    // the stream ended cleanly, after telling the browser when to reconnect
    expect(await streamEnded).toBe('ended');
    expect(stream).toMatch(/\nretry: \d+\n\n$/);
    const outcomes = await Promise.all(inFlight);
    expect(outcomes).toEqual(['completed', 'completed', 'completed', 'completed']);
    // nothing listens any more
    expect(
      await fetch(`${url}/healthz`).then(
        () => 'answered',
        () => 'refused',
      ),
    ).toBe('refused');
  }, 200_000);
});
