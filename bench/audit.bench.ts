// `npm run bench -- audit [--entries N]`: how long `netsign audit verify` takes on a launch's
// worth of audit entries (100,000 by default: 20,000 contracts of 5 entries each), and how long
// the checkpoint over them takes. Entries are written with their real hashes in bulk (the appends
// themselves are measured by the launch benchmark). PostgreSQL at DATABASE_URL, else PGlite.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { contentDigest, GENESIS_HASH, linkHash } from '@netsign/domain/audit/chain';
import { buildServer } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/platform/config';
import { makeCheckpoint } from '../apps/server/src/modules/audit/make-checkpoint';
import { verifyAuditChain } from '../apps/server/src/modules/audit/verify-audit-chain';
import { platformCa } from '../apps/server/src/modules/documents/keys';
import { auditHeads, auditLog } from '../apps/server/src/modules/audit/tables';

const { values } = parseArgs({
  options: { entries: { type: 'string', default: '100000' }, pglite: { type: 'boolean', default: false } },
});
const ENTRIES = Number(values.entries);
const PER_CHAIN = 5;
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

let url: string | undefined;
let drop = async () => {};
if (!values.pglite) {
  const name = `netsign_auditbench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  url = u.toString();
  drop = async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop database ${name} with (force)`);
    await c.end();
  };
}
const server = await buildServer(
  loadConfig(
    {},
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'netsign-bench-')),
      DATABASE_URL: url,
      PGLITE_MEMORY: 'true' as any,
      LOG_LEVEL: 'error',
      NODE_ENV: 'test',
      AUDIT_CHECKPOINT_SECONDS: '0' as any,
    },
  ),
);
const time = async <T>(f: () => Promise<T>) => {
  const t0 = performance.now();
  const r = await f();
  return [r, (performance.now() - t0) / 1000] as const;
};
try {
  const [, written] = await time(async () => {
    const at = new Date().toISOString();
    for (let c = 0; c < ENTRIES / PER_CHAIN; c += 500) {
      const rows: (typeof auditLog.$inferInsert)[] = [];
      const heads: (typeof auditHeads.$inferInsert)[] = [];
      for (let k = c; k < Math.min(c + 500, ENTRIES / PER_CHAIN); k++) {
        let prev = GENESIS_HASH;
        for (let n = 1; n <= PER_CHAIN; n++) {
          const e = {
            aggregate: `contract:${k}`,
            at,
            actor: 'seller-clerk',
            orgId: 'org-1',
            action: n === 1 ? 'contract.created' : 'contract.submit',
            entity: 'contract',
            entityId: String(k),
            data: { unitId: `u${k}`, n },
          };
          const hash = linkHash(prev, n, contentDigest(e));
          rows.push({ ...e, aggSeq: n, prevHash: prev, hash });
          if (n === PER_CHAIN) heads.push({ aggregate: e.aggregate, seq: n, prevHash: prev, hash });
          prev = hash;
        }
      }
      await server.ctx.db.insert(auditLog).values(rows);
      await server.ctx.db.insert(auditHeads).values(heads);
    }
  });
  const roots = [(await platformCa(server.ctx)).certPem];
  const [cp, checkpointSeconds] = await time(() => makeCheckpoint(server.ctx));
  const [report, verifySeconds] = await time(() => verifyAuditChain(server.ctx.db, { roots }));
  const n = Number(((await server.ctx.db.execute(sql`select count(*) as n from audit_log`)) as any).rows?.[0]?.n ?? 0);
  console.log(
    `${url ? 'PostgreSQL' : 'PGlite'}  ${n} entries in ${report.chains} chains (written in ${written.toFixed(1)} s)  ` +
      `checkpoint over ${cp?.checkpoint?.treeSize} heads ${checkpointSeconds.toFixed(2)} s  audit verify ${verifySeconds.toFixed(2)} s  ` +
      `problems ${report.problems.length}  uncovered ${report.uncovered.length}  (load ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')})`,
  );
  if (report.problems.length) process.exitCode = 1;
} finally {
  await server.close();
  await drop();
}
