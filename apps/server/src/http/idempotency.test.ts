import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { demoWorld, type DemoWorld } from '../testing/world';
import { expectOk } from '../demo/walk/expect';
import { DEMO_BUYERS } from '../demo/demo-accounts';
import { idempotencyKeys } from '../platform/tables';
import { idempotencyRowKey } from './idempotency';

describe('Idempotency-Key: one run a key, per actor and route, for one request body', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await demoWorld();
  }, 120_000);
  afterAll(() => w?.close());

  const contractsOfUnit = async (unitId: string) => {
    const r: any = await w.server.ctx.db.execute(
      sql`select count(*)::int as n from contracts where unit_id = ${unitId}`,
    );
    return r.rows[0].n as number;
  };

  it('replays the first answer to a repeat, and to repeats sent at the same time', async () => {
    const unit = w.nextUnit();
    const headers = { 'idempotency-key': `same-${unit.id}` };
    const replies = await Promise.all(
      [1, 2, 3].map(() => w.seller.post('/api/contracts', { unitId: unit.id }, headers)),
    );
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(replies.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    expect(await contractsOfUnit(unit.id)).toBe(1);
  });

  it('answers 422 to the same key with another body or another URL, and does nothing', async () => {
    const [u1, u2] = [w.nextUnit(), w.nextUnit()];
    const headers = { 'idempotency-key': `reuse-${u1.id}` };
    const first = expectOk(await w.seller.post('/api/contracts', { unitId: u1.id }, headers), 'create');
    const other = await w.seller.post('/api/contracts', { unitId: u2.id }, headers);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.body.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await contractsOfUnit(u2.id)).toBe(0);
    // same route pattern, another record: also another request
    const submit = await w.seller.post(`/api/contracts/${first.id}/submit`, {}, { 'idempotency-key': 'submit-1' });
    const elsewhere = await w.seller.post(
      `/api/contracts/00000000-0000-4000-8000-000000000000/submit`,
      {},
      { 'idempotency-key': 'submit-1' },
    );
    expect(elsewhere.status).toBe(submit.status < 300 ? 422 : 404);
    // the same body with its keys in another order is the same request
    const terms = { supplementaryTerms: '草稿', registrationDays: 365 };
    const u3 = w.nextUnit();
    const h3 = { 'idempotency-key': `order-${u3.id}` };
    const a = expectOk(await w.seller.post('/api/contracts', { unitId: u3.id, terms }, h3), 'create');
    const b = await w.seller.post(
      '/api/contracts',
      { terms: { registrationDays: 365, supplementaryTerms: '草稿' }, unitId: u3.id },
      h3,
    );
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.id);
  });

  it('keeps keys apart per actor: another clerk with the same key gets their own answer', async () => {
    const unit = w.nextUnit();
    const headers = { 'idempotency-key': `shared-${unit.id}` };
    const mine = await w.seller.post(
      '/api/contracts',
      { unitId: unit.id, terms: { supplementaryTerms: '甲' } },
      headers,
    );
    const theirs = await w.notary.post(
      '/api/contracts',
      { unitId: unit.id, terms: { supplementaryTerms: '甲' } },
      headers,
    );
    expect(mine.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('never replays to anonymous callers: a wrong 合同密码 does not get the first caller’s answer', async () => {
    const c = await w.readyContract([{ ...DEMO_BUYERS[0] }], 'Chaxun2026');
    const headers = { 'idempotency-key': 'query-1' };
    const first = await w
      .client()
      .post('/api/public/contract-query', { businessNo: c.businessNo, password: 'Chaxun2026' }, headers);
    expect(first.status).toBe(200);
    const second = await w
      .client()
      .post('/api/public/contract-query', { businessNo: c.businessNo, password: 'Falsch2026' }, headers);
    expect(second.status).not.toBe(200);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(JSON.stringify(second.body)).not.toContain(c.businessNo.slice(2));
  });

  it('lets a failed call be retried under its key, and a claim left by a crashed instance expire', async () => {
    const unit = w.nextUnit();
    const headers = { 'idempotency-key': `retry-${unit.id}` };
    const bad = await w.seller.post('/api/contracts', { unitId: 'not-a-unit' }, headers);
    expect(bad.status).toBe(400);
    expect(await w.seller.post('/api/contracts', { unitId: unit.id }, headers).then((r) => r.status)).toBe(201);

    // an instance claimed this key and died: its lease ran out, so the key is free again
    const me = expectOk(await w.seller.get('/api/auth/me'), 'me');
    const actor = { kind: 'staff', userId: me.userId } as any;
    const u2 = w.nextUnit();
    const key = `crashed-${u2.id}`;
    await w.server.ctx.db.insert(idempotencyKeys).values({
      key: idempotencyRowKey(actor, '/api/contracts', key),
      scope: 'test',
      requestHash: 'whatever',
      state: 'running',
      leaseUntil: new Date(Date.now() - 1000),
    });
    const r = await w.seller.post('/api/contracts', { unitId: u2.id }, { 'idempotency-key': key });
    expect(r.status).toBe(201);
    expect(await contractsOfUnit(u2.id)).toBe(1);
  });

  it('answers 409 while the first call with the key is still running on another instance', async () => {
    const u = w.nextUnit();
    const headers = { 'idempotency-key': `busy-${u.id}` };
    const first = expectOk(await w.seller.post('/api/contracts', { unitId: u.id }, headers), 'create');
    // as seen while another instance is still running that first call (its lease renewed)
    await w.server.ctx.db
      .update(idempotencyKeys)
      .set({ state: 'running', status: null, body: null, leaseUntil: new Date(Date.now() + 60_000) })
      .where(sql`scope like ${'% POST /api/contracts'} and state = 'done' and body->>'id' = ${first.id}`);
    const r = await w.seller.post('/api/contracts', { unitId: u.id }, headers);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(await contractsOfUnit(u.id)).toBe(1);
  }, 30_000);
});
