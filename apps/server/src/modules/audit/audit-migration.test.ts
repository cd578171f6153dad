import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { GENESIS_HASH, legacyEntryHash } from '@netsign/domain/audit/chain';
import { buildServer, type Server } from '../../app';
import { loadConfig } from '../../platform/config';
import { platformCa } from '../documents/keys';
import { appendAudit } from './append-audit';
import { makeCheckpoint } from './make-checkpoint';
import { verifyAuditChain } from './verify-audit-chain';

// Issue 14: the single chain written before per-aggregate chains stays verifiable after the
// migration: it becomes the chain "legacy", checked with its own rule and then checkpointed.
const drizzleDir = join(dirname(fileURLToPath(import.meta.url)), '../../../drizzle');
const rowsOf = (res: any) => (res.rows ?? res) as any[];
const LEGACY = 6;

describe('migrating the single audit chain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netsign-audit-migrate-'));
  let server: Server;

  beforeAll(async () => {
    // a database as netsign left it before migration 0006, with a chain written by the old rule
    const old = join(dir, 'drizzle-0005');
    mkdirSync(join(old, 'meta'), { recursive: true });
    const journal = JSON.parse(readFileSync(join(drizzleDir, 'meta/_journal.json'), 'utf8'));
    journal.entries = journal.entries.filter((e: any) => e.idx <= 5);
    for (const e of journal.entries) cpSync(join(drizzleDir, `${e.tag}.sql`), join(old, `${e.tag}.sql`));
    writeFileSync(join(old, 'meta/_journal.json'), JSON.stringify(journal));
    const pg = await PGlite.create({ dataDir: join(dir, 'pglite') });
    await migrate(drizzle(pg), { migrationsFolder: old });
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= LEGACY; seq++) {
      const e = {
        seq,
        at: new Date(Date.UTC(2026, 0, seq)).toISOString(),
        actor: 'system',
        orgId: null,
        action: 'contract.created',
        entity: 'contract',
        entityId: `old-${seq}`,
        data: { n: seq },
      };
      const hash = legacyEntryHash(prev, e);
      await pg.query(
        `insert into audit_log (seq, at, actor, org_id, action, entity, entity_id, data, prev_hash, hash) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [seq, e.at, e.actor, e.orgId, e.action, e.entity, e.entityId, JSON.stringify(e.data), prev, hash],
      );
      prev = hash;
    }
    await pg.query(`insert into audit_head (id, seq, hash) values (1, $1, $2)`, [LEGACY, prev]);
    await pg.close();
    // the new code opens it and migrates
    server = await buildServer(
      loadConfig(
        {},
        {
          DATA_DIR: dir,
          PGLITE_MEMORY: 'false' as any,
          LOG_LEVEL: 'warn',
          NODE_ENV: 'test',
          PORT: 0 as any,
          PUBLIC_URL: 'http://netsign.test',
          AUDIT_CHECKPOINT_SECONDS: '0' as any,
        },
      ),
    );
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the old entries as the chain "legacy", verified by their old hashes, then covered by a checkpoint', async () => {
    const roots = [(await platformCa(server.ctx)).certPem];
    let r = await verifyAuditChain(server.ctx.db, { roots });
    expect(r.problems).toEqual([]);
    expect(r.uncovered).toEqual([{ aggregate: 'legacy', from: 1, to: LEGACY }]);
    // new entries go to their own chains, numbered after the old ones globally
    await server.ctx.db.transaction((tx) =>
      appendAudit(tx, { actor: 'system', action: 'contract.created', entity: 'contract', entityId: 'new' }),
    );
    const [entry] = rowsOf(
      await server.ctx.db.execute(sql`select seq, aggregate, agg_seq from audit_log where aggregate = 'contract:new'`),
    );
    expect([Number(entry.seq), Number(entry.agg_seq)]).toEqual([LEGACY + 1, 1]);
    await makeCheckpoint(server.ctx);
    r = await verifyAuditChain(server.ctx.db, { roots });
    expect(r).toMatchObject({ problems: [], uncovered: [], chains: 2, checkpoints: 1 });
  });

  it('still names an edited or a deleted old entry', async () => {
    const roots = [(await platformCa(server.ctx)).certPem];
    await server.ctx.db
      .transaction(async (tx) => {
        await tx.execute(sql`update audit_log set data = '{"n":99}'::jsonb where aggregate = 'legacy' and agg_seq = 2`);
        await tx.execute(sql`delete from audit_log where aggregate = 'legacy' and agg_seq = 4`);
        const r = await verifyAuditChain(tx, { roots });
        expect(r.problems.map((p) => [p.aggregate, p.aggSeq, p.problem])).toEqual([
          ['legacy', 2, 'edited'],
          ['legacy', 5, 'deleted'],
        ]);
        throw new Error('rollback');
      })
      .catch((e) => {
        if (e.message !== 'rollback') throw e;
      });
  });
});
