import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { submitOnPaper } from '../../demo/walk/seller-steps';
import { expectOk, eventually } from '../../demo/walk/expect';
import { openPersonal } from '../../platform/personal-data';
import type { TFilingRequested } from '../events';
import { receiveFiling } from './receive-filing';
import { filings } from './tables';

// The filing context on its own (issue 10 part 3): 备案号 without gaps or repeats when the center
// files several contracts at once and presses 备案 twice, and an application delivered twice is
// one filing. On PostgreSQL (the second pass of npm test) the requests really run side by side.
describe('备案 numbers and redelivery', () => {
  let w: DemoWorld;

  /** A paper contract submitted, accepted and reviewed: ready for 备案. */
  async function reviewedFiling() {
    const c = await w.readyContract();
    await submitOnPaper(w.seller, c.id);
    const f = await eventually(
      '备案申请到达交易中心',
      async () => expectOk(await w.center.get(`/api/filings?status=待受理&q=${c.businessNo}`), '受理队列').items[0],
    );
    expectOk(await w.center.post(`/api/filings/${f.id}/accept`), '受理');
    expectOk(await w.center.post(`/api/filings/${f.id}/review`, { result: '通过' }), '审核通过');
    return { contractId: c.id as string, filingId: f.id as string };
  }

  beforeAll(async () => {
    w = await demoWorld();
  }, 300_000);
  afterAll(() => w?.close());

  it('files four contracts at once, each 备案 pressed twice: four numbers in a row, no gap, no repeat; the second press is 409', async () => {
    const ready = [];
    for (let i = 0; i < 4; i++) ready.push(await reviewedFiling());
    const presses = await Promise.all(
      ready.flatMap(({ filingId }) => [0, 1].map(() => w.center.post(`/api/filings/${filingId}/file`))),
    );
    const ok = presses.filter((r) => r.status === 200);
    expect(ok).toHaveLength(4);
    expect(presses.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(4).fill('ILLEGAL_STATE'));
    const numbers = ok.map((r) => r.body.filingNumber as string).sort();
    expect(new Set(numbers).size).toBe(4);
    const seq = numbers.map((n) => Number(/^ZSBA\d{4}(\d{6})$/.exec(n)![1]));
    expect(seq).toEqual([seq[0], seq[0] + 1, seq[0] + 2, seq[0] + 3]);
    for (const { filingId } of ready) {
      const [row] = await w.server.ctx.db.select().from(filings).where(eq(filings.id, filingId));
      expect(row.status).toBe('已备案');
      expect(numbers).toContain(row.filingNumber);
    }
  }, 600_000);

  it('an application delivered twice is one filing, and a filed contract delivered again opens none', async () => {
    const { contractId, filingId } = await reviewedFiling();
    const [row] = await w.server.ctx.db.select().from(filings).where(eq(filings.id, filingId));
    const event = openPersonal(row.snapshot) as TFilingRequested;
    await receiveFiling(w.server.ctx, event);
    await receiveFiling(w.server.ctx, event);
    const open = await w.server.ctx.db.select().from(filings).where(eq(filings.contractId, contractId));
    expect(open.map((f) => f.id)).toEqual([filingId]);
  }, 300_000);
});
