import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { randomUscc } from '@netsign/domain';
import { formatBusinessNo } from '@netsign/domain/business-no';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { expectOk } from '../../demo/walk/expect';
import { throttleCounters } from '../../platform/tables';
import { auditLog } from '../audit/tables';
import { queryThrottleKey } from './query-contract';
import type { ApiClient } from '../../testing/http-client';

const PROXY = '10.9.9.9';

describe('合同查询: guesses limited per 业务号 (atomic, shared) and per client address', () => {
  let w: DemoWorld;
  let sellerB: ApiClient;
  beforeAll(async () => {
    w = await demoWorld({ env: { TRUSTED_PROXIES: PROXY } });
    const orgB = expectOk(
      await w.admin.post('/api/admin/organisations', {
        kind: 'seller',
        name: '中山市别处置业有限公司',
        uscc: randomUscc(() => 0.31),
        city: '中山市',
        address: '中山市东区 2 号',
        legalRepName: '吴某',
      }),
      'org B',
    );
    expectOk(
      await w.admin.post('/api/admin/users', {
        orgId: orgB.id,
        username: 'sellerq',
        displayName: '乙公司经办人',
        password: 'SellerQ@2026demo',
      }),
      'user B',
    );
    sellerB = await w.client().login('sellerq', 'SellerQ@2026demo');
  }, 300_000);
  afterAll(() => w?.close());

  /** One query as a browser at `peer` sends it, maybe through a proxy that adds X-Forwarded-For. */
  const query = async (businessNo: string, password: string, peer = '10.0.0.1', forwardedFor?: string) => {
    const r = await w.server.app.inject({
      method: 'POST',
      url: '/api/public/contract-query',
      payload: { businessNo, password },
      remoteAddress: peer,
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    });
    return { status: r.statusCode, body: r.json(), retryAfterHeader: r.headers['retry-after'] };
  };
  const counter = async (businessNo: string) =>
    (
      await w.server.ctx.db
        .select()
        .from(throttleCounters)
        .where(eq(throttleCounters.key, queryThrottleKey(businessNo)))
    )[0];

  it('refuses a 业务号 with a wrong check character (400, naming the field) before looking anything up', async () => {
    const c = await w.readyContract(undefined, 'Chaxun2026');
    expect(c.businessNo).toMatch(/^WQ\d{14}[\dX]$/);
    for (const i of [2, 9, 12, 16]) {
      const typo = c.businessNo.slice(0, i) + (c.businessNo[i] === '1' ? '2' : '1') + c.businessNo.slice(i + 1);
      const r = await query(typo, 'Chaxun2026', '10.0.0.2');
      expect(r.status).toBe(400);
      expect(r.body.violations[0]).toMatchObject({ field: 'businessNo', code: 'BUSINESS_NO_CHECK' });
    }
    expect(
      expectOk(
        await w
          .client()
          .post('/api/public/contract-query', { businessNo: c.businessNo.toLowerCase(), password: 'Chaxun2026' }),
        'query',
      ).status,
    ).toBe('待上传材料');
  });

  it('answers an unknown 业务号 exactly as a wrong password', async () => {
    const c = await w.readyContract(undefined, 'Chaxun2026');
    const wrong = await query(c.businessNo, 'Wrong2026x', '10.0.0.3');
    const unknown = await query(formatBusinessNo('20990101', 123456), 'Wrong2026x', '10.0.0.3');
    expect(wrong.status).toBe(404);
    expect(unknown).toEqual(wrong);
  });

  it('counts 30 concurrent wrong guesses (from 30 addresses) before answering any, and then refuses the right password too', async () => {
    const c = await w.readyContract(undefined, 'Chaxun2026');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => query(c.businessNo, `Guess${i}x2026`, `10.0.4.${i}`)),
    );
    const statuses = answers.map((a) => a.status);
    // five tries pass (and fail); every other guess waits: none was judged on a stale count
    expect(statuses.filter((s) => s === 404)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    expect((await counter(c.businessNo)).count).toBe(5);
    const right = await query(c.businessNo, 'Chaxun2026', '10.0.0.4');
    expect(right.status).toBe(429);
    // (the test clock runs in real time too: a second or two may have passed)
    expect(right.body.code).toBe('too_many_attempts');
    expect(right.body.retryAfter).toBeGreaterThan(45);
    expect(right.body.retryAfter).toBeLessThanOrEqual(60);
    expect(right.body.message).toMatch(/请于 1 分钟后再试/);
    expect(right.retryAfterHeader).toBe(String(right.body.retryAfter));

    // the waits grow: 1 minute, then 2
    await w.clock.advance(61_000);
    expect((await query(c.businessNo, 'Wrong2026x', '10.0.0.4')).status).toBe(404);
    const next = await query(c.businessNo, 'Chaxun2026', '10.0.0.4');
    expect(next.status).toBe(429);
    expect(next.body.retryAfter).toBeGreaterThan(105);
    expect(next.body.retryAfter).toBeLessThanOrEqual(120);
    await w.clock.advance(next.body.retryAfter * 1000);
    expect((await query(c.businessNo, 'Chaxun2026', '10.0.0.4')).status).toBe(200);
    expect((await counter(c.businessNo)).count).toBe(0);
  });

  it('keeps counting on a 业务号 when the guesser succeeds on another contract, or comes from other addresses', async () => {
    const target = await w.readyContract(undefined, 'Chaxun2026');
    const own = await w.readyContract(undefined, 'Mine2026ok');
    for (let i = 0; i < 5; i++)
      expect((await query(target.businessNo, `Guess${i}x2026`, `10.0.1.${i}`)).status).toBe(404);
    expect((await query(own.businessNo, 'Mine2026ok', '10.0.1.0')).status).toBe(200);
    // another address, or a forged X-Forwarded-For from a peer that is not the trusted proxy
    expect((await query(target.businessNo, 'Chaxun2026', '10.0.1.99')).status).toBe(429);
    expect((await query(target.businessNo, 'Chaxun2026', '10.0.1.98', '203.0.113.7')).status).toBe(429);
  });

  it('limits each client address as a second layer, reading X-Forwarded-For only from the trusted proxy', async () => {
    const unknown = (i: number) => formatBusinessNo('20990102', i);
    for (let i = 0; i < 30; i++) expect((await query(unknown(i), 'Wrong2026x', '10.0.2.1')).status).toBe(404);
    expect((await query(unknown(99), 'Wrong2026x', '10.0.2.1')).status).toBe(429);
    // a header from an untrusted peer changes nothing
    expect((await query(unknown(98), 'Wrong2026x', '10.0.2.1', '198.51.100.1')).status).toBe(429);
    expect((await query(unknown(97), 'Wrong2026x', '10.0.2.2')).status).toBe(404);

    // behind the proxy, each forwarded client has its own count: one guesser does not lock out the rest
    for (let i = 0; i < 30; i++)
      expect((await query(unknown(200 + i), 'Wrong2026x', PROXY, '198.51.100.5')).status).toBe(404);
    expect((await query(unknown(300), 'Wrong2026x', PROXY, '198.51.100.5')).status).toBe(429);
    expect((await query(unknown(301), 'Wrong2026x', PROXY, '198.51.100.6')).status).toBe(404);
  });

  it('locks a 业务号 after ten wrong guesses until its own seller lifts the lock; another seller cannot', async () => {
    const c = await w.readyContract(undefined, 'Chaxun2026');
    for (let i = 0; i < 10; i++) {
      expect((await query(c.businessNo, `Guess${i}x2026`, `10.0.3.${i}`)).status).toBe(404);
      await w.clock.advance(17 * 60_000);
    }
    const locked = await query(c.businessNo, 'Chaxun2026', '10.0.3.50');
    expect(locked.status).toBe(429);
    expect(locked.body.message).toMatch(/小时后再试.*解除锁定/);
    expect(expectOk(await w.seller.get(`/api/contracts/${c.id}/query-lock`), 'lock')).toMatchObject({
      locked: true,
      failures: 10,
    });

    expect((await sellerB.post(`/api/contracts/${c.id}/query-lock/lift`)).status).toBe(404);
    expect((await sellerB.get(`/api/contracts/${c.id}/query-lock`)).status).toBe(404);
    expect((await w.notary.post(`/api/contracts/${c.id}/query-lock/lift`)).status).toBe(403);
    expect((await query(c.businessNo, 'Chaxun2026', '10.0.3.50')).status).toBe(429);

    expect(expectOk(await w.seller.post(`/api/contracts/${c.id}/query-lock/lift`), 'lift')).toMatchObject({
      locked: false,
    });
    const [entry] = await w.server.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, c.id))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    expect(entry.action).toBe('contract.query-lock-lifted');
    expect((await query(c.businessNo, 'Chaxun2026', '10.0.3.50')).status).toBe(200);
  });
});
