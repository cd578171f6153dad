import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUscc } from '@netsign/domain';
import { demoWorld, type DemoWorld } from '../../testing/world';
import type { ApiClient } from '../../testing/http-client';
import { submitOnPaper } from '../../demo/walk/seller-steps';
import { expectOk, eventually } from '../../demo/walk/expect';
import { asc, eq } from 'drizzle-orm';
import { auditLog } from '../audit/tables';

// Issue 16 item 6: the transaction center's 审核 (manual 6–7: 受理, then 审核, then 备案) is a step of
// its own with a result — 通过 (on to 备案) or 退回 with a reason — recorded with who and when, and
// shown in the contract's timeline to the seller who owns it and the center that files it, no one else.
describe('审核 at the transaction center', () => {
  let w: DemoWorld;
  let foreignCenter: ApiClient;
  let foreignSeller: ApiClient;

  /** A paper contract submitted to the center, and its filing in the 受理 queue. */
  async function filingOfNewContract() {
    const c = await w.readyContract();
    await submitOnPaper(w.seller, c.id);
    const f = await eventually(
      '备案申请到达交易中心',
      async () => expectOk(await w.center.get(`/api/filings?status=待受理&q=${c.businessNo}`), '受理队列').items[0],
    );
    return { contractId: c.id as string, filingId: f.id as string };
  }
  const contractStatus = (id: string, status: string) =>
    eventually(`合同${status}`, async () => (await w.seller.get(`/api/contracts/${id}`)).body.status === status);
  const timeline = async (id: string) =>
    expectOk(await w.seller.get(`/api/contracts/${id}/timeline`), '办理记录').items as any[];

  beforeAll(async () => {
    w = await demoWorld();
    const orgB = expectOk(
      await w.admin.post('/api/admin/organisations', {
        kind: 'center',
        name: '广州市房地产交易中心',
        city: '广州市',
        address: '广州市越秀区 1 号',
      }),
      'center B',
    );
    expectOk(
      await w.admin.post('/api/admin/users', {
        orgId: orgB.id,
        username: 'centerb',
        displayName: '广州备案员',
        password: 'CenterB@2026demo',
      }),
      'center user B',
    );
    foreignCenter = await w.client().login('centerb', 'CenterB@2026demo');
    const sellerB = expectOk(
      await w.admin.post('/api/admin/organisations', {
        kind: 'seller',
        name: '中山市他山地产有限公司',
        uscc: randomUscc(() => 0.7),
        city: '中山市',
        address: '中山市西区 1 号',
        legalRepName: '周某',
      }),
      'seller B',
    );
    expectOk(
      await w.admin.post('/api/admin/users', {
        orgId: sellerB.id,
        username: 'sellerb',
        displayName: '乙公司经办人',
        password: 'SellerB@2026demo',
      }),
      'seller user B',
    );
    foreignSeller = await w.client().login('sellerb', 'SellerB@2026demo');
  }, 300_000);
  afterAll(() => w?.close());

  it('goes 受理 → 审核 (通过) → 备案 in that order; who reviewed and when is on the filing; the seller’s timeline lists each step', async () => {
    const { contractId, filingId } = await filingOfNewContract();
    const post = (step: string, body?: unknown) => w.center.post(`/api/filings/${filingId}/${step}`, body);

    // 审核 and 备案 before 受理, 备案 before 审核: refused with the state named
    for (const [step, body] of [
      ['review', { result: '通过' }],
      ['file', undefined],
    ] as const) {
      const r = await post(step, body);
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('ILLEGAL_STATE');
      expect(r.body.message).toContain('「待受理」');
    }
    expectOk(await post('accept'), '受理');
    const early = await post('file');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('ILLEGAL_STATE');
    expect(early.body.message).toContain('「已受理」');
    // after 受理 a 退回 is the result of 审核, not a step around it
    expect((await post('return', { reason: '材料不全' })).status).toBe(409);

    const reviewed = expectOk(await post('review', { result: '通过' }), '审核');
    expect(reviewed.status).toBe('已审核');
    const page = expectOk(await w.center.get(`/api/filings/${filingId}`), '备案申请');
    expect(page).toMatchObject({ status: '已审核', reviewResult: '通过', reviewedByName: '赵备案' });
    expect(page.reviewedAt).toEqual(expect.any(String));
    // the filing's own audit chain holds the step: who (the clerk's user id), when, and the result
    const chain = await w.server.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.aggregate, `filing:${filingId}`))
      .orderBy(asc(auditLog.aggSeq));
    expect(chain.map((e) => e.action)).toEqual(['filing.received', 'filing.accept', 'filing.reviewPass']);
    expect(chain[2]).toMatchObject({ actor: page.reviewedBy, data: { from: '已受理', to: '已审核', review: '通过' } });
    // a second 审核 of the same application is refused
    expect((await post('review', { result: '退回', reason: '重复审核' })).status).toBe(409);

    const filed = expectOk(await post('file'), '备案');
    expect(filed.filingNumber).toMatch(/^ZSBA\d{10}$/);
    await contractStatus(contractId, '已备案');

    const items = await timeline(contractId);
    expect(items.map((e) => e.title)).toEqual([
      '创建合同',
      '提交合同',
      '设置合同密码',
      '纸质合同提交交易中心',
      '交易中心受理',
      '交易中心审核通过',
      '交易中心备案',
    ]);
    expect(items.find((e) => e.title === '交易中心审核通过').review).toBe('通过');
    expect(items.at(-1).filingNumber).toBe(filed.filingNumber);
    // the center reads the same record for its own filing
    expect(expectOk(await w.center.get(`/api/filings/${filingId}/timeline`), '办理记录').items).toEqual(items);
  }, 300_000);

  it('审核 退回 needs a reason of 2–200 characters; the seller reads it on the contract and in its timeline, and can submit again', async () => {
    const { contractId, filingId } = await filingOfNewContract();
    expectOk(await w.center.post(`/api/filings/${filingId}/accept`), '受理');

    // the field, a stable code and a Chinese message that says what to do
    const bad: [unknown, string, string][] = [
      [{ result: '退回' }, 'reason', 'REQUIRED'],
      [{ result: '退回', reason: ' 缺 ' }, 'reason', 'TOO_SMALL'],
      [{ result: '退回', reason: '缺'.repeat(201) }, 'reason', 'TOO_BIG'],
      [{ result: '驳回', reason: '签字盖章页缺页' }, 'result', 'INVALID'],
      [{}, 'result', 'INVALID'],
    ];
    for (const [body, field, code] of bad) {
      const r = await w.center.post(`/api/filings/${filingId}/review`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      expect(r.body.violations).toEqual([expect.objectContaining({ field, code })]);
      expect(r.body.message).toMatch(field === 'reason' ? /退回原因/ : /审核结果须为「通过」或「退回」/);
    }
    const accepted = expectOk(await w.center.get(`/api/filings/${filingId}`), '备案申请');
    expect(accepted.status).toBe('已受理');
    // the page's buttons: after 受理 only 审核 (通过 / 退回); 备案 waits for 审核通过
    expect(accepted.allowed).toEqual(['reviewPass', 'reviewReturn']);

    const reason = '签字盖章页缺第 3 页';
    const returned = expectOk(
      await w.center.post(`/api/filings/${filingId}/review`, { result: '退回', reason }),
      '审核退回',
    );
    expect(returned).toMatchObject({ status: '已退回', reviewResult: '退回', reason });
    await contractStatus(contractId, '备案退回');
    expect(expectOk(await w.seller.get(`/api/contracts/${contractId}`), '合同').returnReason).toBe(reason);
    const last = (await timeline(contractId)).at(-1);
    expect(last).toMatchObject({ title: '交易中心审核退回', review: '退回', reason });

    // the seller puts it right and submits again: a new application reaches the 受理 queue
    expectOk(await w.seller.post(`/api/contracts/${contractId}/apply-filing`), '重新提交');
    await eventually('新的备案申请', async () =>
      (expectOk(await w.center.get('/api/filings?status=待受理'), '受理队列').items as any[]).find(
        (f) => f.contractId === contractId && f.id !== filingId,
      ),
    );
  }, 300_000);

  it('another city’s center cannot review or read the record; another seller cannot read the timeline; nothing of it changes', async () => {
    const { contractId, filingId } = await filingOfNewContract();
    expectOk(await w.center.post(`/api/filings/${filingId}/accept`), '受理');
    for (const r of [
      await foreignCenter.post(`/api/filings/${filingId}/review`, { result: '通过' }),
      await foreignCenter.post(`/api/filings/${filingId}/review`, { result: '退回', reason: '越权退回' }),
      await foreignCenter.get(`/api/filings/${filingId}/timeline`),
      await foreignCenter.get(`/api/filings/${filingId}`),
      await foreignSeller.get(`/api/contracts/${contractId}/timeline`),
    ]) {
      expect(r.status).toBe(404);
      expect(r.raw.toString()).not.toContain(contractId);
    }
    // staff of the filing's own center read it through the filing, not as a seller would
    expect((await w.center.get(`/api/contracts/${contractId}/timeline`)).status).toBe(403);
    expect((await w.notary.get(`/api/contracts/${contractId}/timeline`)).status).toBe(403);
    expect((await w.client().get(`/api/contracts/${contractId}/timeline`)).status).toBe(401);
    // nothing moved
    expect(expectOk(await w.center.get(`/api/filings/${filingId}`), '备案申请')).toMatchObject({
      status: '已受理',
      reviewedBy: null,
    });
    expect((await timeline(contractId)).map((e) => e.title)).not.toContain('交易中心审核通过');
  }, 300_000);
});
