#!/usr/bin/env node
// `npm run build`: compiles the server and the TypeScript packages to JavaScript (each package's
// src/ → dist/, same folders, so paths found from import.meta.url — migrations, fixtures, the web
// apps, the face worker — stay right), then builds the two web apps with vite.
//
//   npm run build              everything
//   npm run build -- server    only the server and its packages (a second or two)
//   npm run build -- web       only the web apps
//
// One file in, one file out: esbuild transpiles each module and rewrites its imports to what
// Node.js loads (`./x` → `./x.js`, `@netsign/domain/states` → a relative path into that
// package's dist/). Type checking stays with `npm run typecheck`.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The workspaces written in TypeScript for Node.js (the web apps are built by vite). */
export const NODE_PACKAGES = ['packages/domain', 'packages/api', 'packages/documents', 'packages/face', 'apps/server'];
export const WEB_APPS = ['apps/console', 'apps/mobile'];
/** Written last by a server build; the `netsign` command runs dist/ only when this is newer than every source. */
export const STAMP = join(ROOT, 'apps/server/dist/.built');

const walk = (dir, out = [], skip = []) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) skip.includes(e.name) || walk(p, out, skip);
    else out.push(p);
  }
  return out;
};
/** What a package's build depends on: everything in it but its build and its own node_modules. */
const packageFiles = (dir) => walk(dir, [], ['dist', 'node_modules']);
const newest = (dir) => (existsSync(dir) ? Math.max(0, ...walk(dir).map((f) => statSync(f).mtimeMs)) : 0);

/** The server build is older than a file of its packages (sources, data such as calendars, package.json). */
export function serverIsStale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return NODE_PACKAGES.some((p) => packageFiles(join(ROOT, p)).some((f) => statSync(f).mtimeMs > built));
}
export function webAppIsStale(app) {
  const index = join(ROOT, app, 'dist/index.html');
  return (
    !existsSync(index) ||
    statSync(index).mtimeMs <
      Math.max(newest(join(ROOT, app, 'src')), statSync(join(ROOT, app, 'package.json')).mtimeMs)
  );
}

const isModule = (f) => /\.(ts|tsx|mts)$/.test(f) && !/\.d\.ts$/.test(f) && !/\.test\.tsx?$/.test(f);

/** Workspace name → folder, for @netsign/* imports. */
function workspaceDirs() {
  const dirs = {};
  for (const p of NODE_PACKAGES) dirs[JSON.parse(readFileSync(join(ROOT, p, 'package.json'), 'utf8')).name] = p;
  return dirs;
}

/** src/a/b.ts → dist/a/b.js */
const outFile = (srcFile) => srcFile.replace(`${sep}src${sep}`, `${sep}dist${sep}`).replace(/\.(ts|tsx|mts)$/, '.js');

function resolveSource(base) {
  if (/\.(ts|tsx|mts)$/.test(base) && existsSync(base)) return base;
  for (const ext of ['.ts', '.tsx', '.mts']) if (existsSync(base + ext)) return base + ext;
  for (const ext of ['.ts', '.tsx']) if (existsSync(join(base, 'index' + ext))) return join(base, 'index' + ext);
  if (existsSync(base)) return base; // .js, .mjs, .json next to the sources: copied as they are
  return undefined;
}

function rewriteImports(dirs) {
  const rel = (fromSrc, toSrc) => {
    const r = relative(
      dirname(outFile(fromSrc)),
      isModule(toSrc) ? outFile(toSrc) : toSrc.replace(`${sep}src${sep}`, `${sep}dist${sep}`),
    )
      .split(sep)
      .join('/');
    return r.startsWith('.') ? r : `./${r}`;
  };
  return {
    name: 'netsign-node-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (args.path.startsWith('.')) {
          const target = resolveSource(resolve(args.resolveDir, args.path));
          if (!target)
            return { errors: [{ text: `cannot resolve ${args.path} from ${relative(ROOT, args.importer)}` }] };
          // JSON data is inlined: Node.js would want an import attribute for it
          if (target.endsWith('.json')) return undefined;
          return { path: rel(args.importer, target), external: true };
        }
        const m = /^(@netsign\/[^/]+)(?:\/(.+))?$/.exec(args.path);
        if (m) {
          const dir = dirs[m[1]];
          if (!dir)
            return { errors: [{ text: `${args.path}: not a Node.js workspace (${Object.keys(dirs).join(', ')})` }] };
          // the packages export "." → src/index.ts and "./*" → src/*.ts
          const target = resolveSource(join(ROOT, dir, 'src', m[2] ?? 'index'));
          if (!target) return { errors: [{ text: `cannot resolve ${args.path}` }] };
          return { path: rel(args.importer, target), external: true };
        }
        return { path: args.path, external: true }; // node: built-ins and npm packages
      });
    },
  };
}

export async function buildServer({ quiet = false } = {}) {
  const { build } = await import('esbuild');
  const t0 = Date.now();
  const dirs = workspaceDirs();
  let modules = 0;
  for (const p of NODE_PACKAGES) {
    const src = join(ROOT, p, 'src');
    const dist = join(ROOT, p, 'dist');
    rmSync(dist, { recursive: true, force: true });
    const files = walk(src);
    const entries = files.filter(isModule);
    modules += entries.length;
    await build({
      entryPoints: entries,
      outbase: src,
      outdir: dist,
      bundle: true, // only so that the plugin sees every import; each one is external
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      sourcesContent: false,
      charset: 'utf8',
      logLevel: 'warning',
      plugins: [rewriteImports(dirs)],
    });
    // plain JavaScript beside the sources (the face worker's tsx boot file) goes along unchanged
    for (const f of files.filter((f) => /\.(mjs|cjs|js)$/.test(f))) {
      const to = join(dist, relative(src, f));
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(f, to);
    }
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  if (!quiet)
    console.log(
      `built server: ${modules} modules in ${NODE_PACKAGES.length} packages → */dist (${Date.now() - t0} ms)`,
    );
}

export function buildWebApps({ onlyStale = false } = {}) {
  for (const app of WEB_APPS) {
    if (!existsSync(join(ROOT, app, 'package.json'))) continue;
    if (onlyStale && !webAppIsStale(app)) continue;
    console.log(`building ${app} …`);
    const r = spawnSync('npm', ['run', 'build', '-w', app], { stdio: 'inherit', cwd: ROOT });
    if (r.status) throw new Error(`building ${app} failed (exit ${r.status})`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const what = process.argv[2] ?? 'all';
  try {
    if (what === 'all' || what === 'server') await buildServer();
    if (what === 'all' || what === 'web') buildWebApps();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
