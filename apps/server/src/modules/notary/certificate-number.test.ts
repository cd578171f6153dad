import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { startTestServer } from '../../testing/test-server';
import { nextCertificateNumber } from './certificate-number';
import { certificateCounters } from './tables';

// 公证程序规则: certificate numbers run per office and year with no gap and no duplicate, even when
// notaries approve at the same moment and some approvals fail after taking their number.
// On PostgreSQL (NETSIGN_TEST_PG=1) the transactions below really run at once on a pool.
const numberOf = (s: string) => Number(/第(\d+)号$/.exec(s)![1]);
class ApprovalFailed extends Error {}

describe('certificate numbers', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  const take = (office: { id: string; certificatePrefix: string | null }, year: number) =>
    server.ctx.db.transaction((tx) => nextCertificateNumber(tx, office, year));

  it('formats the number with the office prefix and year', async () => {
    const office = { id: randomUUID(), certificatePrefix: '粤中山证字' };
    expect(await take(office, 2026)).toBe('(2026)粤中山证字第1号');
    expect(await take(office, 2026)).toBe('(2026)粤中山证字第2号');
  });

  it('20 concurrent approvals, every second failing after taking its number: the committed ones are exactly 1..10', async () => {
    const office = { id: randomUUID(), certificatePrefix: '粤中山证字' };
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        server.ctx.db.transaction(async (tx) => {
          const n = await nextCertificateNumber(tx, office, 2026);
          // the rest of an approval (rendering, signing) takes a while with the number held
          await new Promise((r) => setTimeout(r, 5 + (i % 3) * 5));
          if (i % 2 === 1) throw new ApprovalFailed(`approval ${i} failed after taking ${n}`);
          return n;
        }),
      ),
    );
    const committed = results
      .filter((r) => r.status === 'fulfilled')
      .map((r) => numberOf((r as PromiseFulfilledResult<string>).value));
    const failed = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(failed).toHaveLength(10);
    expect(failed.every((e) => e instanceof ApprovalFailed)).toBe(true); // no deadlock or serialization error
    expect([...committed].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const [row] = await server.ctx.db
      .select()
      .from(certificateCounters)
      .where(and(eq(certificateCounters.officeId, office.id), eq(certificateCounters.year, 2026)));
    expect(row.last).toBe(10);
    expect(numberOf(await take(office, 2026))).toBe(11);
  });

  it('keeps separate sequences per office and per year', async () => {
    const a = { id: randomUUID(), certificatePrefix: '粤中山证字' };
    const b = { id: randomUUID(), certificatePrefix: '粤香山证字' };
    expect(await take(a, 2026)).toBe('(2026)粤中山证字第1号');
    expect(await take(a, 2026)).toBe('(2026)粤中山证字第2号');
    expect(await take(b, 2026)).toBe('(2026)粤香山证字第1号');
    expect(await take(a, 2027)).toBe('(2027)粤中山证字第1号');
    expect(await take(b, 2027)).toBe('(2027)粤香山证字第1号');
    expect(await take(a, 2026)).toBe('(2026)粤中山证字第3号');
    expect(await take(b, 2026)).toBe('(2026)粤香山证字第2号');
  });
});
