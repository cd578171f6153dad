// A whole netsign server on a fresh in-memory database with the demo data, listening on a real
// port so a browser can use it; plus the API-side helpers the console tests drive the other
// parties with (the buyer's steps, quick contract set-up for list and paging tests).
import { existsSync } from 'node:fs';
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

/** Builds the console once if apps/console/dist is missing (or NETSIGN_REBUILD_CONSOLE=1). */
export function ensureConsoleBuilt() {
  if (existsSync(join(CONSOLE_DIST, 'index.html')) && !process.env.NETSIGN_REBUILD_CONSOLE) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: join(ROOT, 'apps/console'), stdio: 'inherit' });
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
  ensureConsoleBuilt();
  const clock = new TestClock();
  const server = await startTestServer({ clock });
  await seedDemoData(server.ctx);
  await server.app.listen({ port: o.port ?? 0, host: '127.0.0.1' });
  const port = (server.app.server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  server.ctx.config.publicUrl = url;
  return {
    url, clock, server,
    api: () => new ApiClient(url),
    login: (u) => new ApiClient(url).login(u, password(u)),
    close: () => server.close(),
  };
}
