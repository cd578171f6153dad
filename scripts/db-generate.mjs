#!/usr/bin/env node
// Writes the SQL migration for schema changes (drizzle-kit). Run after editing any tables.ts.
import { spawnSync } from 'node:child_process';
const r = spawnSync('npx', ['drizzle-kit', 'generate', ...process.argv.slice(2)], {
  cwd: 'apps/server',
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
