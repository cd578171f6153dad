import { makeCitizenId, randomUscc } from '@netsign/domain';
import type { DemoWorld } from './world';
import { DEMO_BUYERS } from '../demo/demo-accounts';
import { demoUnitsCsv } from '../demo/seed-demo-data';
import { availableUnits, prepareContract } from '../demo/walk/seller-steps';
import { expectOk, eventually } from '../demo/walk/expect';

// Development companies besides the demo's, set up as the platform administrator does it, through
// the API. Each has its own signing key: a test may revoke or rotate it and no other test notices.

/** A development company registered on the platform (no clerk, no units): enough for its own key. */
export async function sellerOrganisation(w: DemoWorld, tag: string) {
  const org = {
    kind: 'seller',
    name: `中山市${tag}测试置业有限公司`,
    uscc: randomUscc(),
    city: '中山市',
    address: `广东省中山市东区${tag}路 1 号`,
    phone: '0760-88881111',
    legalRepName: '周测试',
    legalRepIdNumber: makeCitizenId({ regionCode: '442000', birthDate: '1975-05-20', sequence: 321 }),
  };
  const { id } = expectOk(await w.admin.post('/api/admin/organisations', org), '新增机构');
  return { id: id as string, name: org.name, kind: org.kind, uscc: org.uscc };
}

/**
 * … with a clerk signed in and a project under a presale licence with one building of six units;
 * readyContract and pushedContract as the demo world's, for this company's units.
 */
export async function sellerCompany(w: DemoWorld, tag: string) {
  const org = await sellerOrganisation(w, tag);
  const username = `seller-${org.id.slice(0, 8)}`;
  const password = 'Seller@2026test';
  expectOk(
    await w.admin.post('/api/admin/users', { orgId: org.id, username, displayName: '测试经办人', password }),
    '新增用户',
  );
  const project = expectOk(
    await w.admin.post('/api/admin/projects', {
      sellerOrgId: org.id,
      name: `${tag}花园`,
      city: '中山市',
      district: '东区',
      address: `广东省中山市东区${tag}路 1 号`,
    }),
    '新增项目',
  );
  const year = w.clock.now().getUTCFullYear();
  const licence = expectOk(
    await w.admin.post(`/api/admin/projects/${project.id}/presale-licences`, {
      number: `中山房预许字(${year})第${tag}号`,
      validFrom: `${year - 1}-01-01`,
      validTo: `${year + 2}-12-31`,
    }),
    '新增预售许可证',
  );
  const building = expectOk(
    await w.admin.post(`/api/admin/projects/${project.id}/buildings`, {
      name: '1栋',
      floors: 2,
      presaleLicenceId: licence.id,
    }),
    '新增楼栋',
  );
  expectOk(
    await w.admin.request('POST', `/api/admin/buildings/${building.id}/units/import`, Buffer.from(demoUnitsCsv(2, 3)), {
      'content-type': 'text/csv',
    }),
    '导入房屋',
  );
  const seller = await w.client().login(username, password);
  const units = await availableUnits(seller, 6);

  /** A contract ready to push: submitted, password set, every required material uploaded. */
  const readyContract = () =>
    prepareContract(seller, {
      unit: units.shift()!,
      buyers: [{ ...DEMO_BUYERS[0] }],
      password: 'Hetong2026',
      today: w.clock.now(),
    });

  /** A contract pushed to 中山公证处, once the office has answered with the QR link. */
  async function pushedContract() {
    const c = await readyContract();
    const offices = expectOk(await seller.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`), '公证处');
    expectOk(
      await seller.post(`/api/contracts/${c.id}/push`, {
        notaryOfficeId: offices.find((o: any) => o.name.includes('中山公证处')).id,
      }),
      '推送',
    );
    await eventually('二维码', async () => (await seller.get(`/api/contracts/${c.id}/qr`)).status === 200);
    return c;
  }

  return { org, seller, readyContract, pushedContract };
}
