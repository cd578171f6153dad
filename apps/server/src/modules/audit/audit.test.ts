import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { contentDigest, linkHash } from '@netsign/domain/audit/chain';
import { checkProofHashes } from '@netsign/domain/audit/proof';
import { createRootCa } from '@netsign/documents';
import { buildSignedData } from '@netsign/documents/pki/cms';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { buildServer } from '../../app';
import { loadConfig } from '../../platform/config';
import { seedDemoData } from '../../demo/seed-demo-data';
import type { Executor } from '../../platform/db';
import { platformCa } from '../documents/keys';
import { verifyAuditChain, type AuditReport } from './verify-audit-chain';
import { appendAudit } from './append-audit';
import { makeCheckpoint } from './make-checkpoint';
import { proveAuditEntry } from './prove-audit-entry';
import { checkCheckpointSignature } from './check-checkpoint-signature';
import { run as auditCli } from '../../cli/audit';

// 电子签名法 art. 5–6 / issues 2, 14: every change is appended to its aggregate's hash chain;
// signed, time-stamped checkpoints tie the chains together; `netsign audit verify` names any
// edited, deleted, reordered or inserted entry and tells uncovered entries from tampered ones.
const rowsOf = (res: any) => (res.rows ?? res) as any[];
class Rollback extends Error {}
const CHECKPOINTS_BY_HAND = { AUDIT_CHECKPOINT_SECONDS: '0' };

describe('audit chains and checkpoints', () => {
  let w: DemoWorld;
  let roots: string[];
  let contract: string; // the aggregate of the pushed contract
  let length: number; // its chain's length

  const verify = (db: Executor = w.server.ctx.db) => verifyAuditChain(db, { roots, now: w.server.ctx.clock.now() });
  /** Tampers inside a transaction, verifies what the tampered log looks like, then rolls back. */
  async function tampered(tamper: (tx: Executor) => Promise<unknown>): Promise<AuditReport> {
    let report: AuditReport | undefined;
    await w.server.ctx.db
      .transaction(async (tx) => {
        await tamper(tx);
        report = await verify(tx);
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    return report!;
  }
  const entry = async (aggSeq: number, db: Executor = w.server.ctx.db) =>
    rowsOf(await db.execute(sql`select * from audit_log where aggregate = ${contract} and agg_seq = ${aggSeq}`))[0];

  beforeAll(async () => {
    w = await demoWorld({ env: CHECKPOINTS_BY_HAND });
    // real activity: a contract created, submitted, its password set, its materials uploaded, pushed
    const c = await w.pushedContract();
    await w.server.ctx.bus.drain();
    contract = `contract:${c.id}`;
    length = Number(
      rowsOf(
        await w.server.ctx.db.execute(sql`select max(agg_seq) as n from audit_log where aggregate = ${contract}`),
      )[0].n,
    );
    roots = [(await platformCa(w.server.ctx)).certPem];
    expect((await makeCheckpoint(w.server.ctx))?.checkpoint).toBeTruthy();
  });
  afterAll(() => w?.close());

  it('reports nothing for the untouched log of real activity, each aggregate its own chain, all covered', async () => {
    const r = await verify();
    expect(r.problems).toEqual([]);
    expect(r.uncovered).toEqual([]);
    expect(r.checkpoints).toBe(1);
    expect(length).toBeGreaterThan(4);
    const chains = rowsOf(
      await w.server.ctx.db.execute(
        sql`select aggregate, count(*)::int as n, min(agg_seq)::int as first, max(agg_seq)::int as last from audit_log group by aggregate`,
      ),
    );
    expect(chains.length).toBe(r.chains);
    for (const c of chains) expect([c.first, c.last]).toEqual([1, c.n]);
    const actions = rowsOf(
      await w.server.ctx.db.execute(sql`select action from audit_log where aggregate = ${contract}`),
    ).map((x) => x.action);
    expect(actions).toEqual(expect.arrayContaining(['contract.created', 'material.uploaded']));
  });

  it('edited: names an entry whose data was changed, by chain and number', async () => {
    const r = await tampered((tx) =>
      tx.execute(
        sql`update audit_log set data = jsonb_set(data, '{forged}', '"yes"') where aggregate = ${contract} and agg_seq = 2`,
      ),
    );
    expect(r.problems).toEqual([expect.objectContaining({ aggregate: contract, aggSeq: 2, problem: 'edited' })]);
  });

  it('edited: finds an entry whose actor or time was changed, even with its data intact', async () => {
    const r = await tampered((tx) =>
      tx.execute(
        sql`update audit_log set actor = 'system', at = '2020-01-01T00:00:00.000Z' where aggregate = ${contract} and agg_seq = 1`,
      ),
    );
    expect(r.problems).toEqual([expect.objectContaining({ aggregate: contract, aggSeq: 1, problem: 'edited' })]);
  });

  it('deleted: names the missing number of an entry removed from the middle', async () => {
    const r = await tampered((tx) =>
      tx.execute(sql`delete from audit_log where aggregate = ${contract} and agg_seq = 3`),
    );
    expect(r.problems).toEqual([
      expect.objectContaining({
        aggregate: contract,
        aggSeq: 4,
        problem: 'deleted',
        detail: expect.stringContaining('第 3 条'),
      }),
    ]);
  });

  it('deleted: finds the last entry removed, by the chain head', async () => {
    const r = await tampered((tx) =>
      tx.execute(sql`delete from audit_log where aggregate = ${contract} and agg_seq = ${length}`),
    );
    expect(r.problems.map((p) => [p.aggSeq, p.problem])).toContainEqual([length, 'deleted']);
  });

  it('deleted: finds the last entry removed and the head moved back, by the checkpoint', async () => {
    const r = await tampered(async (tx) => {
      const prev = await entry(length - 1, tx);
      await tx.execute(sql`delete from audit_log where aggregate = ${contract} and agg_seq = ${length}`);
      await tx.execute(
        sql`update audit_heads set seq = ${length - 1}, hash = ${prev.hash}, prev_hash = ${prev.prev_hash} where aggregate = ${contract}`,
      );
    });
    expect(r.problems).toEqual([
      expect.objectContaining({
        aggregate: contract,
        aggSeq: length,
        problem: 'deleted',
        detail: expect.stringContaining('checkpoint 1'),
      }),
    ]);
  });

  it('deleted: finds a whole chain removed with its head, by the checkpoint', async () => {
    const r = await tampered(async (tx) => {
      await tx.execute(sql`delete from audit_log where aggregate = ${contract}`);
      await tx.execute(sql`delete from audit_heads where aggregate = ${contract}`);
    });
    expect(r.problems).toEqual([expect.objectContaining({ aggregate: contract, aggSeq: length, problem: 'deleted' })]);
  });

  it('reordered: finds two entries whose contents traded places', async () => {
    const r = await tampered((tx) =>
      tx.execute(sql`
      update audit_log a set at = b.at, actor = b.actor, org_id = b.org_id, action = b.action, entity = b.entity,
        entity_id = b.entity_id, data = b.data, prev_hash = b.prev_hash, hash = b.hash
      from (select * from audit_log where aggregate = ${contract} and agg_seq in (2, 3)) b
      where a.aggregate = ${contract} and a.agg_seq in (2, 3) and b.agg_seq <> a.agg_seq`),
    );
    const named = new Set(r.problems.map((p) => p.aggSeq));
    expect(named.has(2) && named.has(3)).toBe(true);
    expect(r.problems.map((p) => p.problem)).toEqual(expect.arrayContaining(['edited', 'reordered']));
  });

  it('inserted: names an entry added after the chain head, even with a correctly computed hash', async () => {
    const r = await tampered(async (tx) => {
      const last = await entry(length, tx);
      const forged = {
        aggregate: contract,
        at: new Date().toISOString(),
        actor: 'system',
        orgId: null,
        action: 'contract.cancel',
        entity: 'contract',
        entityId: contract.slice(9),
        data: { forged: true },
      };
      const hash = linkHash(last.hash, length + 1, contentDigest(forged));
      await tx.execute(sql`insert into audit_log (aggregate, agg_seq, at, actor, org_id, action, entity, entity_id, data, prev_hash, hash)
        values (${contract}, ${length + 1}, ${forged.at}, 'system', null, ${forged.action}, 'contract', ${forged.entityId}, '{"forged":true}'::jsonb, ${last.hash}, ${hash})`);
    });
    expect(r.problems).toEqual([
      expect.objectContaining({ aggregate: contract, aggSeq: length + 1, problem: 'inserted' }),
    ]);
  });

  it('edited: finds a chain rewritten with every hash recomputed, by the checkpoint that saw the old head', async () => {
    const r = await tampered(async (tx) => {
      const rows = rowsOf(
        await tx.execute(sql`select * from audit_log where aggregate = ${contract} order by agg_seq`),
      );
      let prev = '0'.repeat(64);
      for (const e of rows) {
        const data = Number(e.agg_seq) === 2 ? { ...e.data, price: 1 } : e.data; // bigint comes back as text on PostgreSQL
        const hash = linkHash(
          prev,
          e.agg_seq,
          contentDigest({
            aggregate: contract,
            at: e.at,
            actor: e.actor,
            orgId: e.org_id,
            action: e.action,
            entity: e.entity,
            entityId: e.entity_id,
            data,
          }),
        );
        await tx.execute(
          sql`update audit_log set data = ${JSON.stringify(data)}::jsonb, prev_hash = ${prev}, hash = ${hash} where seq = ${e.seq}`,
        );
        prev = hash;
      }
      await tx.execute(sql`update audit_heads set hash = ${prev} where aggregate = ${contract}`);
    });
    expect(r.problems).toEqual([
      expect.objectContaining({
        aggregate: contract,
        aggSeq: length,
        problem: 'edited',
        detail: expect.stringContaining('checkpoint 1'),
      }),
    ]);
  });

  it('checkpoint: finds a changed root, a removed checkpoint and a signature by another key', async () => {
    const root = await tampered((tx) =>
      tx.execute(sql`update audit_checkpoints set root = ${'ab'.repeat(32)} where id = 1`),
    );
    expect(root.problems.map((p) => p.aggregate)).toEqual(expect.arrayContaining(['checkpoint:1']));
    expect(root.problems.map((p) => p.detail).join()).toMatch(/checkpoint changed/);

    const stranger = await createRootCa({ name: 'not the platform' });
    const forged = await tampered(async (tx) => {
      const [cp] = rowsOf(await tx.execute(sql`select * from audit_checkpoints where id = 1`));
      const sig = await buildSignedData({ signer: stranger, contentDigest: Buffer.from(cp.hash, 'hex') });
      await tx.execute(sql`update audit_checkpoints set signature = ${sig.toString('base64')} where id = 1`);
    });
    expect(forged.problems).toEqual([
      expect.objectContaining({
        aggregate: 'checkpoint:1',
        problem: 'checkpoint',
        detail: expect.stringMatching(/signer not trusted/),
      }),
    ]);

    // a second checkpoint, then the first removed
    await appendAudit(w.server.ctx.db as any, {
      actor: 'system',
      action: 'test.touch',
      entity: 'test',
      entityId: 'second',
    });
    expect((await makeCheckpoint(w.server.ctx))?.checkpoint?.id).toBe(2);
    const gone = await tampered((tx) => tx.execute(sql`delete from audit_checkpoints where id = 1`));
    expect(gone.problems.map((p) => p.detail).join('\n')).toMatch(/checkpoints missing before 2/);
    expect((await verify()).problems).toEqual([]);
  });

  it('a checkpoint job that dies leaves its entries "not yet covered", not tampered, and writes nothing', async () => {
    await appendAudit(w.server.ctx.db as any, {
      actor: 'system',
      action: 'test.touch',
      entity: 'test',
      entityId: 'late',
    });
    const count = async () =>
      rowsOf(
        await w.server.ctx.db.execute(
          sql`select (select count(*) from audit_checkpoints)::int as c, (select count(*) from audit_checkpoint_heads)::int as h`,
        ),
      )[0];
    const before = await count();
    const dying = {
      ...w.server.ctx,
      clock: {
        now: () => {
          throw new Error('killed mid-checkpoint');
        },
      },
    };
    await expect(makeCheckpoint(dying as any)).rejects.toThrow('killed');
    expect(await count()).toEqual(before);
    const r = await verify();
    expect(r.problems).toEqual([]);
    expect(r.uncovered).toEqual([{ aggregate: 'test:late', from: 1, to: 1 }]);
    await makeCheckpoint(w.server.ctx);
    expect((await verify()).uncovered).toEqual([]);
  });

  it('proves an entry with a proof checked offline, and refuses the proof once anything in it was changed', async () => {
    const e = await entry(2);
    const proof = await proveAuditEntry(w.server.ctx.db, Number(e.seq));
    expect(proof.entry).toMatchObject({ aggregate: contract, aggSeq: 2, action: e.action });
    expect(proof.following.length).toBeGreaterThanOrEqual(length - 2);
    // what later entries say is not in the proof, only their digests
    expect(JSON.stringify(proof.following)).not.toContain('material');
    expect(checkProofHashes(proof)).toEqual([]);
    expect(await checkCheckpointSignature(proof.checkpoint, roots, w.server.ctx.clock.now())).toEqual([]);

    expect(
      checkProofHashes({ ...proof, entry: { ...proof.entry, data: { ...(proof.entry.data as object), forged: 1 } } }),
    ).toEqual(['the entry does not match its hash (edited)']);
    expect(checkProofHashes({ ...proof, following: proof.following.slice(1) }).length).toBeGreaterThan(0);
    const other = (await createRootCa({ name: 'someone else' })).certPem;
    expect((await checkCheckpointSignature(proof.checkpoint, [other])).join()).toMatch(/not trusted/);
  });
});

describe('netsign audit (CLI) on a file-based PGlite data dir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netsign-audit-cli-'));
  const saved = {
    DATA_DIR: process.env.DATA_DIR,
    DATABASE_URL: process.env.DATABASE_URL,
    PGLITE_MEMORY: process.env.PGLITE_MEMORY,
  };
  let output: string[] = [];

  async function cli(args: string[]) {
    output = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a) => {
      output.push(a.join(' '));
    });
    const err = vi.spyOn(console, 'error').mockImplementation((...a) => {
      output.push(a.join(' '));
    });
    process.env.DATA_DIR = dir;
    delete process.env.DATABASE_URL; // the data dir's PGlite, whatever this run's database is
    delete process.env.PGLITE_MEMORY;
    try {
      return await auditCli(args);
    } finally {
      log.mockRestore();
      err.mockRestore();
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  }

  beforeAll(async () => {
    const config = loadConfig(
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
    );
    const server = await buildServer(config);
    await seedDemoData(server.ctx);
    writeFileSync(join(dir, 'root.pem'), (await platformCa(server.ctx)).certPem);
    await server.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says "not yet covered" before the first checkpoint, and intact after it', async () => {
    expect(await cli(['verify'])).toBe(0);
    expect(output.join('\n')).toMatch(/not yet covered/);
    expect(await cli(['checkpoint'])).toBe(0);
    expect(output.at(-1)).toMatch(/checkpoint 1/);
    expect(await cli(['verify', '--root', join(dir, 'root.pem')])).toBe(0);
    expect(output.join('\n')).not.toMatch(/not yet covered/);
    expect(output.at(-1)).toMatch(/audit log intact: \d+ entries in \d+ chains, 1 checkpoints/);
  });

  it('prints a proof that check-proof accepts without a database, against the root given', async () => {
    expect(await cli(['prove', '3'])).toBe(0);
    const file = join(dir, 'proof.json');
    writeFileSync(file, output.join('\n'));
    expect(await cli(['check-proof', file, '--root', join(dir, 'root.pem')])).toBe(0);
    expect(output.at(-1)).toMatch(/proof valid: .* #\d+ .* is in checkpoint 1/);
    const forged = JSON.parse(readFileSync(file, 'utf8'));
    forged.entry.actor = 'someone else';
    writeFileSync(file, JSON.stringify(forged));
    expect(await cli(['check-proof', file, '--root', join(dir, 'root.pem')])).toBe(1);
    expect(output.at(-1)).toMatch(/proof invalid/);
  });

  it('exits 1 and names the entry after one entry was edited in the database files', async () => {
    const pg = await PGlite.create({ dataDir: join(dir, 'pglite') });
    const [{ aggregate }] = (
      await pg.query<{ aggregate: string }>(
        `update audit_log set data = '{"forged":true}'::jsonb where seq = 3 returning aggregate`,
      )
    ).rows;
    await pg.close();
    expect(await cli(['verify'])).toBe(1);
    expect(output).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^✘ ${aggregate} #\\d+ \\(seq 3\\) edited`))]),
    );
    expect(output.at(-1)).toContain('audit log broken');
  });

  it('exits 2 with usage for an unknown subcommand', async () => {
    expect(await cli(['check'])).toBe(2);
  });
});
