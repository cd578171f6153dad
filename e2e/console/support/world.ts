// A whole netsign server on a fresh in-memory database with the demo data, listening on a real
// port so a browser can use it; plus the API-side helpers the console tests drive the other
// parties with (the buyer's steps, quick contract set-up for list and paging tests).
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer } from '../../../apps/server/src/testing/test-server';
import { TestClock } from '../../../apps/server/src/testing/test-clock';
import { ApiClient } from '../../../apps/server/src/testing/http-client';
import { seedDemoData } from '../../../apps/server/src/demo/seed-demo-data';
import { DEMO_ACCOUNTS, DEMO_BUYERS } from '../../../apps/server/src/demo/demo-accounts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CONSOLE_DIST = join(ROOT, 'apps/console/dist');

const newest = (p: string): number => {
  const st = statSync(p);
  return st.isDirectory() ? Math.max(st.mtimeMs, ...readdirSync(p).map((f) => newest(join(p, f)))) : st.mtimeMs;
};

/**
 * Builds the console when apps/console/dist is missing or older than its sources (or with
 * NETSIGN_REBUILD_CONSOLE=1). Test files run in parallel: a lock directory lets one build.
 */
export async function ensureConsoleBuilt() {
  const app = join(ROOT, 'apps/console');
  const lock = join(app, '.build-lock');
  const fresh = () =>
    existsSync(join(CONSOLE_DIST, 'index.html')) &&
    statSync(join(CONSOLE_DIST, 'index.html')).mtimeMs >=
      Math.max(newest(join(app, 'src')), newest(join(app, 'index.html')), newest(join(app, 'vite.config.ts')));
  if (fresh() && !process.env.NETSIGN_REBUILD_CONSOLE) return;
  for (const started = Date.now(); ; ) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // another file's build holds the lock: poll for it to go (no event crosses processes); a lock
      // still there after three minutes is a crashed build's, and is taken over
      if (Date.now() - started > 180_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (!fresh() || (process.env.NETSIGN_REBUILD_CONSOLE && !process.env.NETSIGN_CONSOLE_REBUILT)) {
      execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });
      process.env.NETSIGN_CONSOLE_REBUILT = '1';
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export const password = (u: string) => DEMO_ACCOUNTS.find((a) => a.username === u)!.password;
export { DEMO_BUYERS };

export interface World {
  url: string;
  clock: TestClock;
  server: Awaited<ReturnType<typeof startTestServer>>;
  api(): ApiClient;
  login(username: string): Promise<ApiClient>;
  close(): Promise<void>;
}

export async function startWorld(o: { port?: number } = {}): Promise<World> {
  await ensureConsoleBuilt();
  const clock = new TestClock();
  const server = await startTestServer({ clock });
  await seedDemoData(server.ctx);
  await server.app.listen({ port: o.port ?? 0, host: '127.0.0.1' });
  const port = (server.app.server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  server.ctx.config.publicUrl = url;
  return {
    url,
    clock,
    server,
    api: () => new ApiClient(url),
    login: (u) => new ApiClient(url).login(u, password(u)),
    close: () => server.close(),
  };
}
