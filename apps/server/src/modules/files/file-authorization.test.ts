import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { DEMO_BUYERS } from '../../demo/demo-accounts';
import { contractTerms, submitOnPaper, uploadMaterial } from '../../demo/walk/seller-steps';
import { floorPlanPng, drainagePlanPng, businessLicencePng, idCardPng } from '../../demo/demo-images';
import { expectOk, eventually } from '../../demo/walk/expect';

// Issue 11 item 11: a case's or filing's file is one of the files that belong to the record (by
// the fields that hold them), not any hash that appears somewhere in its JSON. A seller can type a
// hash into 补充条款; another notary office or the center must not get that file through it.
describe('file downloads are limited to the record’s own files', () => {
  let w: DemoWorld;
  let foreignEcontract: string;
  let foreignFloorPlan: string;

  /** A contract like the demo's, whose 补充条款 quote other records' file hashes. */
  async function contractQuoting(hashes: string[]) {
    const unit = w.nextUnit();
    const terms = {
      ...contractTerms(unit, [{ ...DEMO_BUYERS[0] }], w.clock.now()),
      supplementaryTerms: `附件见 ${hashes.join(' ')}`,
    };
    const c = expectOk(await w.seller.post('/api/contracts', { unitId: unit.id, terms }), '新建合同');
    expectOk(await w.seller.post(`/api/contracts/${c.id}/submit`), '提交');
    expectOk(
      await w.seller.post(`/api/contracts/${c.id}/password`, { password: 'Hetong2026', confirm: 'Hetong2026' }),
      '密码',
    );
    const s = c.parties.seller;
    await uploadMaterial(w.seller, c.id, 'floor_plan', '平面图.png', await floorPlanPng(c.parties.unit.number));
    await uploadMaterial(w.seller, c.id, 'drainage_plan', '排水图.png', await drainagePlanPng());
    await uploadMaterial(w.seller, c.id, 'business_licence', '营业执照.png', await businessLicencePng(s.name, s.uscc));
    await uploadMaterial(
      w.seller,
      c.id,
      'legal_rep_id',
      '正面.png',
      await idCardPng('front', s.legalRepName, '442000197003151235'),
    );
    await uploadMaterial(w.seller, c.id, 'legal_rep_id', '反面.png', await idCardPng('back', s.legalRepName, ''));
    await uploadMaterial(
      w.seller,
      c.id,
      'presale_licence',
      '预售许可证.png',
      await businessLicencePng('预售许可证 ' + c.parties.unit.presaleLicence, ''),
    );
    return c as { id: string; businessNo: string };
  }

  beforeAll(async () => {
    w = await demoWorld();
    // a case of 中山公证处: its e-contract and floor plan are what the others try to reach
    const a = await w.pushedContract();
    const viewA = expectOk(await w.seller.get(`/api/contracts/${a.id}`), 'contract A');
    foreignEcontract = viewA.econtractSha256;
    foreignFloorPlan = viewA.materials.find((m: any) => m.key === 'floor_plan').files[0].fileSha256;
    expect(foreignEcontract).toMatch(/^[0-9a-f]{64}$/);
    expect(foreignFloorPlan).toMatch(/^[0-9a-f]{64}$/);
  }, 300_000);
  afterAll(() => w?.close());

  it('another notary office cannot read a file another case holds by quoting its hash', async () => {
    const b = await contractQuoting([foreignEcontract, foreignFloorPlan]);
    const offices = expectOk(await w.seller.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`), '公证处');
    expectOk(
      await w.seller.post(`/api/contracts/${b.id}/push`, {
        notaryOfficeId: offices.find((o: any) => o.name.includes('香山')).id,
      }),
      '推送香山',
    );
    const caseB = await eventually('香山公证处收到案件', async () =>
      expectOk(await w.notary2.get('/api/notary/cases'), 'cases').items.find((c: any) => c.businessNo === b.businessNo),
    );
    const detail = expectOk(await w.notary2.get(`/api/notary/cases/${caseB.id}`), 'case B');
    // its own e-contract and materials it may read
    expect(
      (await w.notary2.get(`/api/notary/cases/${caseB.id}/files/${detail.snapshot.econtract.sha256}`)).status,
    ).toBe(200);
    expect(
      (await w.notary2.get(`/api/notary/cases/${caseB.id}/files/${detail.snapshot.materials[0].sha256}`)).status,
    ).toBe(200);
    for (const sha of [foreignEcontract, foreignFloorPlan]) {
      const r = await w.notary2.get(`/api/notary/cases/${caseB.id}/files/${sha}`);
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('NOT_FOUND');
    }
  }, 300_000);

  it('the transaction center cannot read a file another record holds by quoting its hash in a filing', async () => {
    const c = await contractQuoting([foreignEcontract, foreignFloorPlan]);
    await submitOnPaper(w.seller, c.id);
    const filing = await eventually('备案申请', async () =>
      expectOk(await w.center.get('/api/filings'), 'filings').items.find((f: any) => f.businessNo === c.businessNo),
    );
    const detail = expectOk(await w.center.get(`/api/filings/${filing.id}`), 'filing');
    expect((await w.center.get(`/api/filings/${filing.id}/files/${detail.snapshot.materials[0].sha256}`)).status).toBe(
      200,
    );
    for (const sha of [foreignEcontract, foreignFloorPlan]) {
      expect((await w.center.get(`/api/filings/${filing.id}/files/${sha}`)).status).toBe(404);
    }
  }, 300_000);
});
