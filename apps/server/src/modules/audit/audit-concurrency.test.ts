import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer } from '../../testing/test-server';
import { appendAudit } from './append-audit';
import { verifyAuditChain } from './verify-audit-chain';

// Issue 14: no global lock — writers of different aggregates never wait for each other; writers
// of one aggregate queue on its head and keep its chain continuous; a failed transaction leaves
// no half entry.
const rowsOf = (res: any) => (res.rows ?? res) as any[];
const onPostgres = !!(process.env.NETSIGN_TEST_PG && process.env.DATABASE_URL);

describe('audit appends at the same time', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    s = await startTestServer({ env: { AUDIT_CHECKPOINT_SECONDS: '0' } });
  });
  afterAll(() => s?.close());
  const chain = async (aggregate: string) =>
    rowsOf(
      await s.ctx.db.execute(
        sql`select agg_seq, prev_hash, hash from audit_log where aggregate = ${aggregate} order by agg_seq`,
      ),
    );

  it.skipIf(!onPostgres)(
    'appends to different aggregates all hold their transactions open at once (none waits on another)',
    async () => {
      const N = 8; // below the pool's 20 connections
      let appended = 0;
      let release!: () => void;
      const allIn = new Promise<void>((r) => {
        release = r;
      });
      // every transaction appends, then waits until all N have appended before committing: with one
      // lock row for the whole log the second append would wait for the first commit, and none
      // would ever reach the barrier — the test would fail with the message below
      let gaveUp = false;
      const stuck = setTimeout(() => {
        gaveUp = true;
        release();
      }, 30_000);
      await Promise.all(
        Array.from({ length: N }, (_, i) =>
          s.ctx.db.transaction(async (tx) => {
            await appendAudit(tx, {
              actor: 'system',
              action: 'test.parallel',
              entity: 'parallel',
              entityId: String(i),
            });
            if (++appended === N) release();
            await allIn;
          }),
        ),
      );
      clearTimeout(stuck);
      expect(gaveUp, 'appends waited for each other: some never got through while the others were open').toBe(false);
      for (let i = 0; i < N; i++) expect((await chain(`parallel:${i}`)).map((r) => Number(r.agg_seq))).toEqual([1]);
    },
  );

  it('appends to one aggregate from many transactions at once stay one continuous chain', async () => {
    const N = 12;
    await Promise.all(
      Array.from({ length: N }, (_, i) =>
        s.ctx.db.transaction((tx) =>
          appendAudit(tx, { actor: 'system', action: 'test.same', entity: 'same', entityId: 'one', data: { i } }),
        ),
      ),
    );
    const rows = await chain('same:one');
    expect(rows.map((r) => Number(r.agg_seq))).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    rows.slice(1).forEach((r, i) => expect(r.prev_hash).toBe(rows[i].hash));
    expect((await verifyAuditChain(s.ctx.db)).problems.filter((p) => p.aggregate === 'same:one')).toEqual([]);
  });

  it('a transaction that fails after appending leaves no entry and the head where it was', async () => {
    await s.ctx.db.transaction((tx) =>
      appendAudit(tx, { actor: 'system', action: 'test.crash', entity: 'crash', entityId: 'x' }),
    );
    const head = async () =>
      rowsOf(await s.ctx.db.execute(sql`select seq, hash from audit_heads where aggregate = 'crash:x'`))[0];
    const before = await head();
    await expect(
      s.ctx.db.transaction(async (tx) => {
        await appendAudit(tx, { actor: 'system', action: 'test.crash', entity: 'crash', entityId: 'x' });
        throw new Error('the process died here');
      }),
    ).rejects.toThrow('died');
    // a statement that fails inside the append itself (the aggregate name breaks a constraint)
    await expect(
      s.ctx.db.transaction((tx) =>
        appendAudit(tx, { actor: null as any, action: 'test.crash', entity: 'crash', entityId: 'x' }),
      ),
    ).rejects.toThrow();
    expect(await head()).toEqual(before);
    expect((await chain('crash:x')).length).toBe(1);
    // and the next append links to the entry that was kept
    await s.ctx.db.transaction((tx) =>
      appendAudit(tx, { actor: 'system', action: 'test.crash', entity: 'crash', entityId: 'x' }),
    );
    expect((await chain('crash:x')).map((r) => Number(r.agg_seq))).toEqual([1, 2]);
    expect((await verifyAuditChain(s.ctx.db)).problems).toEqual([]);
  });
});
