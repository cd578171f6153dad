import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { UNIT_CSV_COLUMNS } from '@netsign/api';
import { contractTerms } from '../../apps/server/src/demo/walk/seller-steps';
import { expectOk } from '../../apps/server/src/demo/walk/expect';
import type { ApiClient } from '../../apps/server/src/testing/http-client';
import { startWorld, type World } from './support/world';
import {
  button,
  choose,
  confirmDialog,
  launchBrowser,
  screenshot,
  screenshotOnFailure,
  staffPages,
} from './support/browser';
import { ZHANG } from './support/buyers';

/** A building of 20 units a floor: 100 floors, 2,000 units. */
function bigBuildingCsv(floors = 100) {
  const rows = [UNIT_CSV_COLUMNS.join(',')];
  for (let f = 1; f <= floors; f++)
    for (let u = 1; u <= 20; u++)
      rows.push(
        [
          `${f}${String(u).padStart(2, '0')}`,
          f,
          '住宅',
          '钢筋混凝土结构',
          '98.50',
          '85.00',
          '13.50',
          16000 + f * 10,
        ].join(','),
      );
  return rows.join('\n');
}

// 管理 (organisations, users, buildings, CSV import with its error report) and the console at
// scale: 2,000 units in one building and 1,000 contracts stay usable through server-side paging.
// Each test makes what it needs (a building, contracts) itself: any one runs alone, in any order.
// The signed-in pages are shared; each test goes where it works first.
describe('管理 and the console with 1,000 contracts and 2,000 units', () => {
  let world: World;
  let browser: Browser;
  let staff: (username: string) => Promise<Page>;
  let sellerApi: ApiClient;

  beforeAll(async () => {
    world = await startWorld();
    browser = await launchBrowser();
    staff = staffPages(browser, world);
    sellerApi = await world.login('seller');
  });
  afterEach((ctx) => screenshotOnFailure(ctx));
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it("管理: organisations with the notary offices' certificate prefixes; a new user for the seller company", async () => {
    const admin = await staff('admin');
    await admin.goto(`${world.url}/console/`);
    await expect(admin.getByTestId('area').textContent()).resolves.toBe('管理');
    await admin.getByRole('row', { name: /广东省中山市中山公证处.*粤中山证字/ }).waitFor();
    await screenshot(admin, 'admin-organisations');

    // 密钥与证书: keys are made on first use; an office that has signed nothing has none yet
    const adminApi = await world.login('admin');
    const keys: any[] = expectOk(await adminApi.get('/api/admin/keys'), '密钥与证书');
    const office = admin.getByRole('row', { name: /广东省中山市中山公证处/ });
    const officeKey = keys.find((k) => k.organisation?.name === '广东省中山市中山公证处');
    if (officeKey) await office.getByText(/有效期至/).waitFor();
    else await office.getByText('尚未生成').waitFor();
    await admin.getByRole('link', { name: '密钥与证书' }).click();
    await expect(admin.getByTestId('keys-import-note').textContent()).resolves.toContain(
      'npx netsign keys import --org',
    );
    for (const k of keys)
      await admin
        .getByRole('row', { name: new RegExp(k.use) })
        .first()
        .waitFor();
    await admin.getByRole('link', { name: '用户' }).click();
    await button(admin, '新增用户').click();
    const dlg = admin.locator('.ant-modal:visible');
    await choose(admin, '', '中山市翠湖置业有限公司', dlg);
    await dlg.getByLabel('用户名').fill('clerk2');
    await dlg.getByLabel('姓名').fill('刘经办');
    await dlg.getByLabel('初始密码').fill('Clerk2@2026demo');
    await confirmDialog(admin);
    await admin.getByRole('row', { name: /clerk2.*刘经办.*网签/ }).waitFor();

    // 停用 ends clerk2's session and shows 已停用; 启用 and 重置密码 let them in with the new password
    const clerk2 = await world.api().login('clerk2', 'Clerk2@2026demo');
    expectOk(await clerk2.get('/api/contracts'), '合同列表');
    const userRow = admin.getByRole('row', { name: /clerk2/ });
    await button(userRow, '停用').click();
    await confirmDialog(admin);
    await userRow.getByText('已停用').waitFor();
    expect((await clerk2.get('/api/contracts')).status).toBe(401);
    await button(userRow, '启用').click();
    await confirmDialog(admin);
    await userRow.getByText('正常').waitFor();
    await button(userRow, '重置密码').click();
    const reset = admin.locator('.ant-modal-wrap:visible').last();
    await reset.getByLabel('新密码', { exact: true }).fill('Short1');
    await reset.getByLabel('再次输入新密码').fill('Short1');
    await confirmDialog(admin);
    await reset.getByText('密码至少 10 位').waitFor();
    await reset.getByLabel('新密码', { exact: true }).fill('Clerk2@2026reset');
    await reset.getByLabel('再次输入新密码').fill('Clerk2@2026resex');
    await confirmDialog(admin);
    await reset.getByText('两次输入的密码不一致').waitFor();
    await reset.getByLabel('再次输入新密码').fill('Clerk2@2026reset');
    await confirmDialog(admin);
    await reset.waitFor({ state: 'hidden' });
    expect(
      (
        await world
          .api()
          .login('clerk2', 'Clerk2@2026reset')
          .then((c) => c.get('/api/contracts'))
      ).status,
    ).toBe(200);
    await screenshot(admin, 'admin-users');
  });

  it('导入房屋: a bad CSV is refused with every bad cell by row and column; 2,000 units import and the grid pages them', async () => {
    const admin = await staff('admin');
    await admin.goto(`${world.url}/console/`);
    await admin.getByRole('link', { name: '项目与房屋' }).click();
    await admin.getByRole('link', { name: '翠湖花园' }).click();
    await button(admin, '新增楼栋').click();
    const dlg = admin.locator('.ant-modal:visible');
    await dlg.getByLabel('楼栋名称').fill('3栋');
    await dlg.getByLabel('层数').fill('100');
    await confirmDialog(admin);
    const row = admin.getByRole('row', { name: /3栋/ });
    await row.getByText('尚未导入').waitFor();

    await row.getByRole('button', { name: '导入房屋' }).click();
    const imp = admin.locator('.ant-modal-wrap:visible').last();
    await imp
      .getByLabel('CSV 内容')
      .fill(
        [
          UNIT_CSV_COLUMNS.join(','),
          '101,1,住宅,钢筋混凝土结构,abc,85.00,13.50,16000',
          '102,101,住宅,钢筋混凝土结构,98.50,85.00,13.50,16000',
        ].join('\n'),
      );
    await button(imp, '导入').click();
    const errors = imp.getByTestId('import-errors');
    await errors.waitFor();
    await expect.poll(() => errors.getByRole('row', { name: /^2 建筑面积/ }).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => errors.getByRole('row', { name: /^3 楼层/ }).count(), { timeout: 30_000 }).toBe(1);
    await screenshot(admin, 'admin-import-errors');
    await imp
      .locator('input[type=file]')
      .setInputFiles({ name: '3栋房屋表.csv', mimeType: 'text/csv', buffer: Buffer.from(bigBuildingCsv()) });
    await expect(imp.getByTestId('csv-file').textContent()).resolves.toContain('3栋房屋表.csv');
    await button(imp, '导入').click();
    await row.getByText('可售 2000').waitFor({ timeout: 30_000 });
    // Excel's CSV on a Chinese Windows is GBK: the browser must send the bytes, not its UTF-8 reading of them
    await row.getByRole('button', { name: '导入房屋' }).click();
    const gbk = admin.locator('.ant-modal-wrap:visible').last();
    await gbk.locator('input[type=file]').setInputFiles({
      name: '底商.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(new URL('../../fixtures/sheets/units-gbk.csv', import.meta.url)),
    });
    await button(gbk, '导入').click();
    await row.getByText('可售 2002').waitFor({ timeout: 30_000 });

    await admin.getByRole('tab', { name: /3栋/ }).click();
    // the grid re-renders after the tab switch: wait for the new building's first page of 500
    await expect.poll(() => admin.getByTestId('unit-grid').locator('button').count(), { timeout: 30_000 }).toBe(500);
    await admin.locator('.ant-pagination').getByText('4', { exact: true }).waitFor();
    await screenshot(admin, 'admin-project');
  });

  it('1,000 contracts: the list pages, filters and searches on the server', async () => {
    // a building of 1,000 units of its own, through the API (importing through the page is the test above)
    const adminApi = await world.login('admin');
    const [project] = expectOk(await sellerApi.get('/api/projects'), '项目');
    const { presaleLicences } = expectOk(await sellerApi.get(`/api/projects/${project.id}`), '项目');
    const big = expectOk(
      await adminApi.post(`/api/admin/projects/${project.id}/buildings`, {
        name: '5栋',
        floors: 50,
        presaleLicenceId: presaleLicences[0].id,
      }),
      '新增楼栋',
    );
    expectOk(
      await adminApi.request('POST', `/api/admin/buildings/${big.id}/units/import`, Buffer.from(bigBuildingCsv(50)), {
        'content-type': 'text/csv',
      }),
      '导入房屋',
    );
    // the contracts other tests of this file made count too: the list must show exactly what the server holds
    const total = async (filter = '') =>
      expectOk(await sellerApi.get(`/api/contracts?pageSize=1${filter}`), '合同列表').total as number;
    const [all, drafts] = [(await total()) + 1000, (await total(`&status=${encodeURIComponent('草稿')}`)) + 1000];
    const units: any[] = [];
    for (const page of [1, 2])
      units.push(
        ...expectOk(
          await sellerApi.get(`/api/projects/${project.id}/units?buildingId=${big.id}&page=${page}&pageSize=500`),
          '楼盘表',
        ).items,
      );
    const queue = [...units];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let u = queue.shift(); u; u = queue.shift())
          expectOk(await sellerApi.post('/api/contracts', { unitId: u.id, terms: {} }), '新建合同');
      }),
    );

    const seller = await staff('seller');
    await seller.goto(`${world.url}/console/contracts`);
    await seller.getByText(`共 ${all} 份合同`).waitFor();
    const t0 = Date.now();
    await seller.goto(`${world.url}/console/contracts?page=50`);
    await seller.locator('.ant-pagination-item-active', { hasText: '50' }).waitFor();
    await seller.getByRole('row').nth(20).waitFor();
    expect(Date.now() - t0).toBeLessThan(5_000);
    const lastNo = (await seller.getByRole('row').nth(20).getByRole('link').textContent())!;
    await screenshot(seller, 'seller-contracts-1000');

    await seller.getByPlaceholder('业务号 / 买受人').fill(lastNo);
    await seller.getByRole('button', { name: '查询' }).click();
    await seller.getByText('共 1 份合同').waitFor();
    await seller.getByRole('link', { name: lastNo }).waitFor();
    await seller.getByPlaceholder('业务号 / 买受人').fill('');
    await seller.getByRole('button', { name: '查询' }).click();
    await choose(seller, /状态/, '草稿');
    await seller.getByText(`共 ${drafts} 份合同`).waitFor();
    await seller.goto(`${world.url}/console/contracts?status=${encodeURIComponent('已备案')}`);
    await seller.locator('.ant-table-placeholder .ant-empty-description', { hasText: '暂无数据' }).waitFor();
  }, 120_000);

  it('a unit taken by someone else a moment ago turns 已锁定 on the grid, not offered', async () => {
    const seller = await staff('seller');
    await seller.goto(`${world.url}/console/contracts/new`);
    const grid = seller.getByTestId('unit-grid');
    await grid.locator('[data-unit="1001"]').waitFor();
    const cell = grid.locator('[data-unit="1001"]');
    await expect(cell.getAttribute('data-status')).resolves.toBe('可售');
    const [project] = expectOk(await sellerApi.get('/api/projects'), '项目');
    const buildingOnScreen = (await seller.locator('.ant-tabs-tab-active').textContent())!.split('（')[0];
    const detail = expectOk(await sellerApi.get(`/api/projects/${project.id}`), '项目');
    const bId = detail.buildings.find((b: any) => b.name === buildingOnScreen).id;
    const page = expectOk(
      await sellerApi.get(`/api/projects/${project.id}/units?buildingId=${bId}&pageSize=500`),
      '楼盘表',
    );
    const unit = page.items.find((u: any) => u.number === '1001' && u.buildingId === bId);
    // another clerk of the company signs for it
    const other = await world.login('seller');
    const c = expectOk(
      await other.post('/api/contracts', {
        unitId: unit.id,
        terms: contractTerms(unit, [{ ...ZHANG }], world.clock.now()),
      }),
      '新建合同',
    );
    expectOk(await other.post(`/api/contracts/${c.id}/submit`), '提交');
    await grid.locator('[data-unit="1001"][data-status="已锁定"]').waitFor();
    await expect(cell.isDisabled()).resolves.toBe(true);
    await screenshot(seller, 'seller-unit-taken');
  });
});
