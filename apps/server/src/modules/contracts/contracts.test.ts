import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, isWorkingDay, randomUscc, shanghaiDate } from '@netsign/domain';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { contractTerms, prepareContract, submitOnPaper } from '../../demo/walk/seller-steps';
import { DEMO_BUYERS } from '../../demo/demo-accounts';
import { expectOk } from '../../demo/walk/expect';

describe('contracts: 创建合同, 提交, 设置合同密码, 收件材料, 推送, 撤销', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await demoWorld();
  }, 120_000);
  afterAll(() => w?.close());

  const unitStatus = async (unitId: string, projectId: string, clerk = w.seller) => {
    const page = expectOk(await clerk.get(`/api/projects/${projectId}/units?pageSize=500`), 'units');
    return page.items.find((u: any) => u.id === unitId).status;
  };

  it('reports every broken rule at its field on 提交, and changes nothing', async () => {
    const unit = w.nextUnit();
    const terms = contractTerms(unit, [{ ...DEMO_BUYERS[0], idNumber: '442000198001011238' }], w.clock.now());
    terms.pricing.totalPrice += 50_000; // 500 yuan more than unit price × area
    const c = expectOk(await w.seller.post('/api/contracts', { unitId: unit.id, terms }), 'create');
    const r = await w.seller.post(`/api/contracts/${c.id}/submit`);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('CONTRACT_INVALID');
    const byField = Object.fromEntries(r.body.violations.map((v: any) => [v.field, v.code]));
    expect(byField['buyers.0.idNumber']).toBe('ID_CHECKSUM');
    expect(byField['pricing.totalPrice']).toBe('PRICE_MISMATCH');
    expect(byField.payment).toBe('PAYMENT_SUM');
    expect(r.body.violations.every((v: any) => /[\u4e00-\u9fa5]/.test(v.message))).toBe(true);
    expect(expectOk(await w.seller.get(`/api/contracts/${c.id}`), 'get').status).toBe('草稿');
    expect(await unitStatus(unit.id, c.projectId)).toBe('可售');
  });

  it('names a missing field as REQUIRED, and keeps a half-filled draft', async () => {
    const unit = w.nextUnit();
    const c = expectOk(
      await w.seller.post('/api/contracts', { unitId: unit.id, terms: { supplementaryTerms: '草稿' } }),
      'create',
    );
    const saved = expectOk(
      await w.seller.put(`/api/contracts/${c.id}/terms`, {
        terms: { supplementaryTerms: '改过的草稿' },
        version: c.version,
      }),
      'save',
    );
    expect(saved.terms.supplementaryTerms).toBe('改过的草稿');
    const stale = await w.seller.put(`/api/contracts/${c.id}/terms`, { terms: {}, version: c.version });
    expect(stale.status).toBe(409);
    const check = expectOk(await w.seller.get(`/api/contracts/${c.id}/check`), 'check');
    expect(check.violations).toContainEqual(expect.objectContaining({ field: 'buyers', code: 'REQUIRED' }));
  });

  it('locks the unit at 提交 and asks for the password twice', async () => {
    const unit = w.nextUnit();
    const c = expectOk(
      await w.seller.post('/api/contracts', {
        unitId: unit.id,
        terms: contractTerms(unit, [DEMO_BUYERS[0]], w.clock.now()),
      }),
      'create',
    );
    expect(expectOk(await w.seller.post(`/api/contracts/${c.id}/submit`), 'submit').status).toBe('待设置密码');
    expect(await unitStatus(unit.id, c.projectId)).toBe('已锁定');
    const mismatch = await w.seller.post(`/api/contracts/${c.id}/password`, {
      password: 'Abcdefg123',
      confirm: 'Abcdefg124',
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.violations[0].field).toBe('confirm');
    const weak = await w.seller.post(`/api/contracts/${c.id}/password`, { password: 'abcdefgh', confirm: 'abcdefgh' });
    expect(weak.status).toBe(400);
    const ok = expectOk(
      await w.seller.post(`/api/contracts/${c.id}/password`, { password: 'Abcdefg123', confirm: 'Abcdefg123' }),
      'password',
    );
    expect(ok.status).toBe('待上传材料');
    expect(JSON.stringify(ok)).not.toContain('Abcdefg123');
    expect(ok.passwordSet).toBe(true);
  });

  it('answers an illegal step with 409 and the current state', async () => {
    const c = await w.readyContract();
    const r = await w.seller.post(`/api/contracts/${c.id}/submit`);
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('「待上传材料」');
  });

  it('refuses to push while a required 收件材料 is missing, naming it', async () => {
    const unit = w.nextUnit();
    const c = expectOk(
      await w.seller.post('/api/contracts', {
        unitId: unit.id,
        terms: contractTerms(unit, [DEMO_BUYERS[0]], w.clock.now()),
      }),
      'create',
    );
    await w.seller.post(`/api/contracts/${c.id}/submit`);
    await w.seller.post(`/api/contracts/${c.id}/password`, { password: 'Abcdefg123', confirm: 'Abcdefg123' });
    const offices = expectOk(await w.seller.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`), 'offices');
    const r = await w.seller.post(`/api/contracts/${c.id}/push`, { notaryOfficeId: offices[0].id });
    expect(r.status).toBe(400);
    expect(r.body.violations.map((v: any) => v.field)).toContain('materials.floor_plan');
    expect(r.body.message).toContain('房屋平面图');
  });

  it('offers only notary offices of the city where the unit lies (公证法 art. 25)', async () => {
    const far = expectOk(
      await w.admin.post('/api/admin/organisations', {
        kind: 'notary',
        name: '广东省广州市某公证处',
        city: '广州市',
        certificatePrefix: '粤广证字',
      }),
      'office',
    );
    const c = await w.readyContract();
    const r = await w.seller.post(`/api/contracts/${c.id}/push`, { notaryOfficeId: far.id });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('NOTARY_OFFICE_WRONG_CITY');
    const list = expectOk(await w.seller.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`), 'offices');
    expect(list.map((o: any) => o.name)).not.toContain('广东省广州市某公证处');
  });

  it('cancels (撤销) only with the contract password, and frees the unit', async () => {
    const c = await w.readyContract([DEMO_BUYERS[0]], 'Quxiao2026');
    const full = expectOk(await w.seller.get(`/api/contracts/${c.id}`), 'get');
    const wrong = await w.seller.post(`/api/contracts/${c.id}/cancel`, {
      password: 'Wrong2026x',
      reason: '客户改变主意',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('CONTRACT_PASSWORD_WRONG');
    expect(await unitStatus(full.unitId, full.projectId)).toBe('已锁定');
    expect(
      expectOk(
        await w.seller.post(`/api/contracts/${c.id}/cancel`, { password: 'Quxiao2026', reason: '客户改变主意' }),
        'cancel',
      ).status,
    ).toBe('已撤销');
    expect(await unitStatus(full.unitId, full.projectId)).toBe('可售');
  });

  it('lets anyone holding 业务号 and password query the status, and no one else', async () => {
    const c = await w.readyContract([DEMO_BUYERS[0]], 'Chaxun2026');
    const anyone = w.client();
    const ok = expectOk(
      await anyone.post('/api/public/contract-query', { businessNo: c.businessNo, password: 'Chaxun2026' }),
      'query',
    );
    expect(ok.status).toBe('待上传材料');
    expect(JSON.stringify(ok)).not.toContain(DEMO_BUYERS[0].idNumber);
    expect(
      (await anyone.post('/api/public/contract-query', { businessNo: c.businessNo, password: 'Wrong2026x' })).status,
    ).toBe(404);
  });

  it('creates a contract once per Idempotency-Key', async () => {
    const unit = w.nextUnit();
    const key = `k-${unit.id}`;
    const a = await w.seller.post('/api/contracts', { unitId: unit.id }, { 'idempotency-key': key });
    const b = await w.seller.post('/api/contracts', { unitId: unit.id }, { 'idempotency-key': key });
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBe('true');
    const list = expectOk(await w.seller.get(`/api/contracts?q=${a.body.businessNo}`), 'list');
    expect(list.total).toBe(1);
  });

  it('refuses 提交 on a day outside the presale licence, naming it, and leaves the unit 可售', async () => {
    const threeYears = 3 * 366 * 86_400_000; // the demo licences end on 31 December of next year
    await w.clock.advance(threeYears);
    try {
      const clerk = await w.client().login('seller', 'Seller@2026demo');
      const unit = w.nextUnit();
      const terms = contractTerms(unit, [DEMO_BUYERS[0]], w.clock.now());
      const c = expectOk(await clerk.post('/api/contracts', { unitId: unit.id, terms }), 'create');
      const r = await clerk.post(`/api/contracts/${c.id}/submit`);
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('PRESALE_LICENCE_INVALID');
      expect(r.body.message).toMatch(/预售许可证（.+ 有效期 \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}）/);
      expect(expectOk(await clerk.get(`/api/contracts/${c.id}`), 'get').status).toBe('草稿');
      expect(await unitStatus(unit.id, c.projectId, clerk)).toBe('可售');
    } finally {
      await w.clock.advance(-threeYears);
    }
  });

  it('counts the filing deadline (备案申请期限) from signing by the working-day calendar: day 30 on a Saturday moves on', async () => {
    // sign on a Thursday: the 30th day after is a Saturday, a rest day unless a notice made it a working day
    const days = ((4 - new Date(Date.now() + 8 * 3_600_000).getUTCDay() + 7) % 7) + 7;
    const shift = days * 86_400_000;
    await w.clock.advance(shift);
    try {
      const clerk = await w.client().login('seller', 'Seller@2026demo');
      const c = await prepareContract(clerk, {
        unit: w.nextUnit(),
        buyers: [DEMO_BUYERS[0]],
        password: 'Hetong2026',
        today: w.clock.now(),
      });
      const signed = await submitOnPaper(clerk, c.id);
      const signDay = shanghaiDate(new Date(signed.signedAt));
      const calendar = await w.server.ctx.calendar.current(w.server.ctx.db);
      let expected = addCalendarDays(signDay, 30);
      while (!isWorkingDay(expected, calendar)) expected = addCalendarDays(expected, 1);
      const view = expectOk(await clerk.get(`/api/contracts/${c.id}`), 'get');
      expect(view.filingDeadline.date).toBe(expected);
      expect(Date.parse(view.filingDeadline.endsAt)).toBe(Date.parse(`${expected}T16:00:00Z`));
      const estimated = [...new Set([signDay, expected].map((d) => Number(d.slice(0, 4))))].filter((y) =>
        calendar.provisionalYears.has(y),
      );
      expect(view.filingDeadline.provisionalYears).toEqual(estimated);
    } finally {
      await w.clock.advance(-shift);
    }
  });

  it('sells a unit once when many clerks of many companies race for it (开盘)', async () => {
    const unit = w.nextUnit();
    const clerks = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const c = await w.seller.post('/api/contracts', {
          unitId: unit.id,
          terms: contractTerms(unit, [DEMO_BUYERS[0]], w.clock.now()),
        });
        return { id: expectOk(c, `draft ${i}`).id };
      }),
    );
    const results = await Promise.all(clerks.map((c) => w.seller.post(`/api/contracts/${c.id}/submit`)));
    const won = results.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('UNIT_TAKEN');
    }
    const again = await w.seller.post('/api/contracts', { unitId: unit.id });
    expect(again.status).toBe(409);
  });

  it('checks the seller’s 统一社会信用代码 when an organisation is registered', async () => {
    const bad = await w.admin.post('/api/admin/organisations', {
      kind: 'seller',
      name: '某公司',
      uscc: '91442000MA4UXXXXX1',
      city: '中山市',
      address: 'x',
      legalRepName: 'y',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.violations[0].field).toBe('uscc');
    const good = await w.admin.post('/api/admin/organisations', {
      kind: 'seller',
      name: '某公司',
      uscc: randomUscc(() => 0.3),
      city: '中山市',
      address: 'x',
      legalRepName: 'y',
    });
    expect(good.status).toBe(201);
  });

  it('settles an area difference under 第十三条 from the contract’s own area and price', async () => {
    const c = await w.readyContract();
    const full = expectOk(await w.seller.get(`/api/contracts/${c.id}`), 'get');
    const area = full.parties.unit.buildArea;
    const unitPrice = full.terms.pricing.unitPrice;
    const small = expectOk(
      await w.seller.post(`/api/contracts/${c.id}/area-difference`, { measuredArea: area + Math.floor(area * 0.01) }),
      '1 %',
    );
    expect(small.withinTolerance).toBe(true);
    expect(small.buyerMayTerminate).toBe(false);
    const big = expectOk(
      await w.seller.post(`/api/contracts/${c.id}/area-difference`, { measuredArea: Math.round(area * 0.9) }),
      '-10 %',
    );
    expect(big.withinTolerance).toBe(false);
    expect(big.buyerMayTerminate).toBe(true);
    // the part of the shortfall beyond 3 % is refunded double
    expect(big.refundFen).toBeGreaterThan(Math.round(((area - Math.round(area * 0.9)) * unitPrice) / 100));
    expect(big.explanation).toMatch(/[\u4e00-\u9fa5]/);
  });
});
