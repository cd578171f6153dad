// Builds the buyer's app (apps/mobile/dist) before browser tests when it is missing or older than
// its sources. Test files run in parallel workers, so the build holds a directory lock.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const MOBILE_DIR = join(ROOT, 'apps/mobile');
const INDEX = join(MOBILE_DIR, 'dist/index.html');

function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stale = () =>
  !existsSync(INDEX) ||
  Boolean(process.env.NETSIGN_REBUILD_MOBILE) ||
  // packages/api too: the app's client and the schemas it parses answers with
  statSync(INDEX).mtimeMs <
    Math.max(
      newestSource(join(MOBILE_DIR, 'src')),
      newestSource(join(MOBILE_DIR, 'public')),
      newestSource(join(ROOT, 'packages/api/src')),
      statSync(join(MOBILE_DIR, 'index.html')).mtimeMs,
    );

export async function ensureMobileBuilt() {
  if (!stale()) return;
  const lock = join(MOBILE_DIR, '.build-lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // another worker is building; a lock older than 3 minutes is left over from a killed run
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 180_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (stale()) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: MOBILE_DIR, stdio: 'inherit' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
