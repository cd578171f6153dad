// `npm run bench -- launch --statements`: the SQL statements (round trips) one clerk's create +
// submit sends to PostgreSQL, request by request, in order. Statements are told apart from the
// queue's polling and the checkpoint timer by the request's async context.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildServer } from '../../apps/server/src/app';
import { loadConfig } from '../../apps/server/src/platform/config';
import { seedDemoData } from '../../apps/server/src/demo/seed-demo-data';
import { ApiClient } from '../../apps/server/src/testing/http-client';
import { contractTerms, availableUnits } from '../../apps/server/src/demo/walk/seller-steps';
import { DEMO_BUYERS } from '../../apps/server/src/demo/demo-accounts';

const request = new AsyncLocalStorage<string[]>();
const query = pg.Client.prototype.query as any;
(pg.Client.prototype as any).query = function (this: unknown, ...args: any[]) {
  const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
  request.getStore()?.push(String(text).replace(/\s+/g, ' ').trim().slice(0, 110));
  return query.apply(this, args);
};

export async function countStatements(databaseUrl: string) {
  const server = await buildServer(
    loadConfig(
      {},
      {
        DATA_DIR: mkdtempSync(join(tmpdir(), 'netsign-bench-')),
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'error',
        NODE_ENV: 'test',
        AUDIT_CHECKPOINT_SECONDS: '0' as any,
      },
    ),
  );
  try {
    await seedDemoData(server.ctx);
    const clerk = await new ApiClient(server.app).login('seller', 'Seller@2026demo');
    const units = await availableUnits(clerk, 3);
    const traced = async (label: string, call: () => Promise<any>) => {
      const seen: string[] = [];
      const r = await request.run(seen, call);
      console.log(`\n${label}: HTTP ${r.status}, ${seen.length} statements`);
      seen.forEach((s, i) => console.log(`  ${String(i + 1).padStart(2)}. ${s}`));
      return { r, n: seen.length };
    };
    // the first contract warms caches (queues created, prepared plans); the second is the one counted
    for (const [k, unit] of units.slice(0, 2).entries()) {
      const quiet = k === 0;
      const log = console.log;
      if (quiet) console.log = () => {};
      const c = await traced('POST /api/contracts', () =>
        clerk.post('/api/contracts', { unitId: unit.id, terms: contractTerms(unit, [DEMO_BUYERS[0]], new Date()) }),
      );
      const s = await traced(`POST /api/contracts/:id/submit`, () =>
        clerk.post(`/api/contracts/${c.r.body.id}/submit`),
      );
      console.log = log;
      if (!quiet) console.log(`\ncreate + submit: ${c.n + s.n} statements`);
    }
    await server.ctx.bus.drain();
  } finally {
    await server.close();
  }
}
