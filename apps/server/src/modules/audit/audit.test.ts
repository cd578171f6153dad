import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { buildServer } from '../../app';
import { loadConfig } from '../../platform/config';
import { seedDemoData } from '../../demo/seed-demo-data';
import type { Executor } from '../../platform/db';
import { verifyAuditChain, type AuditProblem } from './verify-audit-chain';
import { entryHash } from './append-audit';
import { run as auditCli } from '../../cli/audit';

// 电子签名法 art. 5–6 / issue 2 audit: every change is appended to a hash chain; `netsign audit
// verify` reports any edited, deleted or reordered entry.
const rowsOf = (res: any) => (res.rows ?? res) as any[];
class Rollback extends Error {}

describe('audit chain verification', () => {
  let w: DemoWorld;
  let last: number;

  /** Tampers inside a transaction, verifies what the tampered log looks like, then rolls back. */
  async function tampered(tamper: (tx: Executor, last: number) => Promise<unknown>): Promise<AuditProblem[]> {
    let problems: AuditProblem[] = [];
    await w.server.ctx.db.transaction(async (tx) => {
      // hold the head so no delivery appends while we look; the tail is read under that lock
      const head = rowsOf(await tx.execute(sql`select seq from audit_head where id = 1 for update`))[0];
      await tamper(tx, Number(head.seq));
      problems = (await verifyAuditChain(tx)).problems;
      throw new Rollback();
    }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
    return problems;
  }

  beforeAll(async () => {
    w = await demoWorld();
    // some activity: a contract created, submitted, its password set, its materials uploaded, pushed
    await w.pushedContract();
    last = Number(rowsOf(await w.server.ctx.db.execute(sql`select max(seq) as m from audit_log`))[0].m);
  });
  afterAll(() => w?.close());

  it('reports nothing for the untouched log of real activity', async () => {
    const r = await verifyAuditChain(w.server.ctx.db);
    expect(r.problems).toEqual([]);
    expect(r.entries).toBeGreaterThanOrEqual(last);
    expect(last).toBeGreaterThan(20);
    const actions = rowsOf(await w.server.ctx.db.execute(sql`select action from audit_log`)).map((x) => x.action);
    expect(actions).toEqual(expect.arrayContaining(['material.uploaded', 'case.received']));
  });

  it("finds an entry whose data was edited, at that entry's seq", async () => {
    const k = Math.floor(last / 2);
    const problems = await tampered((tx) => tx.execute(sql`update audit_log set data = jsonb_set(data, '{forged}', '"yes"') where seq = ${k}`));
    expect(problems).toEqual([expect.objectContaining({ seq: k, problem: 'edited' })]);
  });

  it('finds an entry whose actor or time was changed, even with its data intact', async () => {
    const problems = await tampered((tx) => tx.execute(sql`update audit_log set actor = 'system', at = '2020-01-01T00:00:00.000Z' where seq = 5`));
    expect(problems).toEqual([expect.objectContaining({ seq: 5, problem: 'edited' })]);
  });

  it('finds a deleted entry in the middle', async () => {
    const k = Math.floor(last / 2);
    const problems = await tampered((tx) => tx.execute(sql`delete from audit_log where seq = ${k}`));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.seq === k + 1)).toBe(true);
    expect(problems.map((p) => p.problem)).toEqual(expect.arrayContaining(['deleted']));
  });

  it('finds a deleted last entry (head_mismatch)', async () => {
    let tail = 0;
    const problems = await tampered((tx, headSeq) => { tail = headSeq; return tx.execute(sql`delete from audit_log where seq = ${headSeq}`); });
    expect(problems).toEqual([expect.objectContaining({ seq: tail, problem: 'head_mismatch' })]);
  });

  it('finds an entry appended behind the chain\'s back, even with a correctly computed hash', async () => {
    let forgedSeq = 0;
    const problems = await tampered(async (tx, headSeq) => {
      const prev = rowsOf(await tx.execute(sql`select hash from audit_log where seq = ${headSeq}`))[0].hash;
      const row = { seq: headSeq + 1, at: new Date().toISOString(), actor: 'system', orgId: null, action: 'case.approve', entity: 'case', entityId: 'forged', data: { forged: true } };
      forgedSeq = row.seq;
      await tx.execute(sql`insert into audit_log (seq, at, actor, org_id, action, entity, entity_id, data, prev_hash, hash)
        values (${row.seq}, ${row.at}, ${row.actor}, ${row.orgId}, ${row.action}, ${row.entity}, ${row.entityId}, ${JSON.stringify(row.data)}::jsonb, ${prev}, ${entryHash(prev, row)})`);
    });
    expect(problems).toEqual([expect.objectContaining({ problem: 'head_mismatch' })]);
    expect(forgedSeq).toBeGreaterThan(last);
  });

  it('finds two entries whose contents were swapped', async () => {
    const [i, j] = [10, 20];
    const problems = await tampered(async (tx) => {
      // move every column but seq: the rows keep their place in the sequence, their contents trade places
      await tx.execute(sql`
        update audit_log a set at = b.at, actor = b.actor, org_id = b.org_id, action = b.action, entity = b.entity,
          entity_id = b.entity_id, data = b.data, prev_hash = b.prev_hash, hash = b.hash
        from (select * from audit_log where seq in (${i}, ${j})) b
        where a.seq in (${i}, ${j}) and b.seq <> a.seq`);
    });
    const seqs = new Set(problems.map((p) => p.seq));
    expect(seqs.has(i)).toBe(true);
    expect(seqs.has(j)).toBe(true);
    expect(problems.filter((p) => p.seq === i).map((p) => p.problem)).toEqual(expect.arrayContaining(['edited', 'reordered']));
  });

  it('finds swapped payloads even when the hashes stay in place', async () => {
    const [i, j] = [11, 12];
    const problems = await tampered((tx) => tx.execute(sql`
      update audit_log a set action = b.action, entity_id = b.entity_id, data = b.data
      from (select * from audit_log where seq in (${i}, ${j})) b
      where a.seq in (${i}, ${j}) and b.seq <> a.seq`));
    expect(problems.filter((p) => p.problem === 'edited').map((p) => p.seq).sort((a, b) => a - b)).toEqual([i, j]);
  });
});

describe('netsign audit verify (CLI) on a file-based PGlite data dir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netsign-audit-cli-'));
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL, PGLITE_MEMORY: process.env.PGLITE_MEMORY };
  let output: string[] = [];

  async function cli(args: string[]) {
    output = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a) => { output.push(a.join(' ')); });
    const err = vi.spyOn(console, 'error').mockImplementation((...a) => { output.push(a.join(' ')); });
    process.env.DATA_DIR = dir;
    delete process.env.DATABASE_URL; // the data dir's PGlite, whatever this run's database is
    delete process.env.PGLITE_MEMORY;
    try {
      return await auditCli(args);
    } finally {
      log.mockRestore();
      err.mockRestore();
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  }

  beforeAll(async () => {
    const config = loadConfig({}, { DATA_DIR: dir, PGLITE_MEMORY: 'false' as any, LOG_LEVEL: 'warn', NODE_ENV: 'test', PORT: 0 as any, PUBLIC_URL: 'http://netsign.test' });
    const server = await buildServer(config);
    await seedDemoData(server.ctx);
    await server.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and says intact when nothing was touched', async () => {
    expect(await cli(['verify'])).toBe(0);
    expect(output.at(-1)).toMatch(/audit log intact: \d+ entries/);
  });

  it('exits 1 and names the entry after one entry was edited in the database files', async () => {
    const pg = await PGlite.create({ dataDir: join(dir, 'pglite') });
    await pg.query(`update audit_log set data = '{"forged":true}'::jsonb where seq = 3`);
    await pg.close();
    expect(await cli(['verify'])).toBe(1);
    expect(output).toEqual(expect.arrayContaining([expect.stringMatching(/^✘ #3 edited/)]));
    expect(output.at(-1)).toContain('audit log broken');
  });

  it('exits 2 with usage for an unknown subcommand', async () => {
    expect(await cli(['check'])).toBe(2);
  });
});
