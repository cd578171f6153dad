#!/usr/bin/env node
// `netsign`: runs the compiled CLI (dist/, made by `npm run build`) when that build is newer than
// every source file; otherwise the TypeScript sources through tsx, so a fresh clone or an edited
// file never runs stale code. NETSIGN_RUN=build runs dist/ without looking at the sources (and
// fails if there is none: production, the rehearsal); NETSIGN_RUN=source always runs the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const server = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(server, '../..');
const stamp = join(server, 'dist/.built');
// the same list as scripts/build.mjs (NODE_PACKAGES)
const sources = ['packages/domain', 'packages/api', 'packages/documents', 'packages/face', 'apps/server'].map((p) =>
  join(root, p),
);

// any file of the packages but their builds and node_modules (sources, calendars, package.json)
function newerThan(dir, t) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && (e.name === 'dist' || e.name === 'node_modules')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory() ? newerThan(p, t) : statSync(p).mtimeMs > t) return true;
  }
  return false;
}
function builtIsCurrent() {
  const mode = process.env.NETSIGN_RUN;
  if (mode === 'build') {
    if (existsSync(stamp)) return true;
    console.error('netsign: NETSIGN_RUN=build but there is no build; run npm run build first');
    process.exit(1);
  }
  if (mode === 'source' || !existsSync(stamp)) return false;
  const t = statSync(stamp).mtimeMs;
  const stale = sources.some((p) => newerThan(p, t));
  if (stale)
    console.error('netsign: the build (npm run build) is older than the sources; running the sources through tsx');
  return !stale;
}

if (builtIsCurrent()) {
  process.setSourceMapsEnabled(true); // stack traces name the .ts lines
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
