import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { prepareContract } from '../../apps/server/src/demo/walk/seller-steps';
import { expectOk } from '../../apps/server/src/demo/walk/expect';
import { signaturePng } from '../../apps/server/src/demo/walk/media';
import { multipartBody, type ApiClient } from '../../apps/server/src/testing/http-client';
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
import { disposeEngine, ZHANG } from './support/buyers';
import { stages } from './support/stages';

// Returns that are put right (驳回 → push again; 需补正 → 审核通过; 退回 by the center's 审核 →
// 提交 again), the paper path (打印合同, 签字盖章页, 提交交易中心), and 撤销 with the contract password.
// Each test brings its own contract to its stage through the API (support/stages.ts): any one runs
// alone, in any order. The three signed-in pages are shared; each test goes where it works first.
describe('returns, supplements, the paper path and 撤销 in the console', () => {
  let world: World;
  let browser: Browser;
  let sellerApi: ApiClient;
  let staff: (username: string) => Promise<Page>;
  let stage: ReturnType<typeof stages>;
  const openCase = async (businessNo: string, status: string) => {
    const notary = await staff('notary');
    await notary.goto(`${world.url}/console/notary/cases?status=${status}`);
    await notary.getByRole('link', { name: businessNo }).click();
    return notary;
  };

  beforeAll(async () => {
    world = await startWorld();
    browser = await launchBrowser();
    sellerApi = await world.login('seller');
    stage = stages(world);
    staff = staffPages(browser, world);
  });
  afterEach((ctx) => screenshotOnFailure(ctx));
  afterAll(async () => {
    await browser?.close();
    await disposeEngine();
    await world?.close();
  });

  it('驳回: the notary rejects with a reason; the seller sees it on the contract page and pushes again', async () => {
    const c = await stage.signed({ buyers: [ZHANG], office: '中山公证处' });
    const notary = await openCase(c.businessNo, '待审核');
    await button(notary, '驳回').click();
    await notary.locator('.ant-modal:visible').getByLabel('驳回原因').fill('身份证反面照片模糊，请重新签约');
    await confirmDialog(notary);
    await notary.locator('[data-status="已驳回"]').first().waitFor();

    const seller = await staff('seller');
    await seller.goto(`${world.url}/console/contracts/${c.id}`);
    await expect(seller.getByTestId('return-reason').textContent()).resolves.toContain('身份证反面照片模糊');
    await seller.locator('[data-status="公证已退回"]').first().waitFor();
    await screenshot(seller, 'seller-returned');
    await choose(seller, '选择公证处', '广东省中山市中山公证处');
    await button(seller, '生成电子合同并推送公证处').click();
    await confirmDialog(seller);
    await button(seller, '查看二维码').waitFor({ timeout: 30_000 });
  }, 600_000); // buyer walks with face checks: minutes on a busy 2-core machine

  it('需补正: the notary names what to redo; the buyer redoes it; 审核通过', async () => {
    const c = await stage.signed({ buyers: [ZHANG], office: '中山公证处' });
    const [{ api: buyer, application: app }] = c.walks;
    const notary = await openCase(c.businessNo, '待审核');
    await button(notary, '需补正').click();
    const dlg = notary.locator('.ant-modal:visible');
    await dlg.getByLabel('电子签名图片').check();
    await dlg.getByLabel('补正说明').fill('电子签名不清晰，请重新签名');
    await confirmDialog(notary);
    await notary.locator('[data-status="待补正"]').first().waitFor();
    await expect(notary.getByTestId('evidence-0').textContent()).resolves.toContain('电子签名不清晰');
    await screenshot(notary, 'notary-supplement');

    const { token } = expectOk(await buyer.post(`/api/buyer/applications/${app.id}/captures`), '打开相机');
    const mp = multipartBody({}, { name: 'signature.png', type: 'image/png', data: await signaturePng(9) });
    expectOk(
      await buyer.request('POST', `/api/buyer/applications/${app.id}/photos/signature`, mp.body, {
        ...mp.headers,
        'x-capture-token': token,
      }),
      '重新签名',
    );
    expectOk(await buyer.post(`/api/buyer/applications/${app.id}/submit`), '提交补正材料');

    await notary.reload();
    await button(notary, '审核通过').click();
    await confirmDialog(notary);
    await notary.locator('[data-status="已通过"]').first().waitFor();
  }, 600_000);

  it('退回: the center’s 审核 returns the filing application with a reason; the seller reads it, also in the timeline, and submits again', async () => {
    const c = await stage.filingApplied();
    const center = await staff('center');
    await center.goto(`${world.url}/console/filings?status=待受理`);
    await center.getByRole('link', { name: c.businessNo }).click();
    await button(center, '受理').click();
    await confirmDialog(center);
    await center.locator('[data-status="已受理"]').first().waitFor();
    // 退回 without a reason: the field says so (no request, no uncaught error)
    await center.getByRole('radio', { name: '退回' }).check();
    await button(center, '提交审核结果').click();
    await center.getByText('请填写退回原因').waitFor();
    await center.getByLabel('退回原因').fill('买受人通讯地址与身份证不一致');
    await button(center, '提交审核结果').click();
    await center.locator('[data-status="已退回"]').first().waitFor();
    const review = center.getByTestId('review-result');
    await review.getByText('通讯地址').waitFor();
    await review.getByText('赵备案').waitFor();

    const seller = await staff('seller');
    await seller.goto(`${world.url}/console/contracts/${c.id}`);
    await expect(seller.getByTestId('return-reason').textContent()).resolves.toContain('通讯地址');
    await seller.getByRole('tab', { name: '办理记录' }).click();
    await seller
      .getByTestId('contract-timeline')
      .locator('[data-entry="交易中心审核退回"]', { hasText: '买受人通讯地址与身份证不一致' })
      .waitFor();
    await button(seller, '提交').click();
    await confirmDialog(seller);
    await seller.locator('[data-status="备案申请中"]').first().waitFor();
  });

  it('纸质合同面签: 打印合同, upload the 签字盖章页, 提交交易中心; the center 受理, 审核 and 备案', async () => {
    const p = await prepareContract(sellerApi, {
      unit: await stage.nextUnit(),
      buyers: [{ ...ZHANG }],
      password: 'Zhizhi2026',
      today: world.clock.now(),
    });
    const seller = await staff('seller');
    await seller.goto(`${world.url}/console/contracts/${p.id}`);
    const print = seller.getByRole('link', { name: '打印合同' });
    const href = await print.getAttribute('href');
    const pdf = await seller.request.get(`${world.url}${href}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    // at the button, what the paper path still needs: here only the signed and sealed pages
    await expect(button(seller, '提交交易中心').isDisabled()).resolves.toBe(true);
    const needs = seller.getByTestId('paper-missing');
    await expect(needs.textContent()).resolves.toMatch(/还需上传 1 项材料.*签字盖章页/);
    await seller.locator('.ant-menu-item', { hasText: '签字盖章页' }).click();
    await seller
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: '签字盖章页.pdf', mimeType: 'application/pdf', buffer: await pdf.body() });
    await seller.getByText('签字盖章页.pdf', { exact: true }).waitFor();
    await needs.waitFor({ state: 'detached' });
    await screenshot(seller, 'seller-paper');
    await button(seller, '提交交易中心').click();
    await confirmDialog(seller);
    await seller.locator('[data-status="备案申请中"]').first().waitFor();

    await stage.filingArrived(p.businessNo); // the queue page shows what had arrived when it opened
    const center = await staff('center');
    await center.goto(`${world.url}/console/filings?status=待受理`);
    await center.getByRole('link', { name: p.businessNo }).click();
    await center.getByRole('tab', { name: '签字盖章页' }).waitFor();
    await button(center, '受理').click();
    await confirmDialog(center);
    await center.locator('[data-status="已受理"]').first().waitFor();
    await center.getByRole('radio', { name: '审核通过' }).check();
    await button(center, '提交审核结果').click();
    await center.locator('[data-status="已审核"]').first().waitFor();
    await button(center, '备案').click();
    await confirmDialog(center);
    await center.locator('[data-status="已备案"]').first().waitFor();
    expect(await center.getByTestId('filing-number').textContent()).toMatch(/^ZSBA\d{10}$/);
  });

  it('撤销 asks for the contract password; a wrong one is refused; the unit is for sale again', async () => {
    const unit = await stage.nextUnit();
    const k = await prepareContract(sellerApi, {
      unit,
      buyers: [{ ...ZHANG }],
      password: 'Chexiao2026',
      today: world.clock.now(),
    });
    const seller = await staff('seller');
    await seller.goto(`${world.url}/console/contracts/${k.id}`);
    await button(seller, '撤销').click();
    const dlg = seller.locator('.ant-modal:visible');
    await dlg.getByLabel('合同密码').fill('Wrong2026');
    await dlg.getByLabel('撤销原因').fill('买受人放弃购买');
    await confirmDialog(seller);
    await dlg.locator('.ant-form-item-explain-error').first().waitFor();
    await dlg.getByLabel('合同密码').fill('Chexiao2026');
    await confirmDialog(seller);
    await seller.locator('[data-status="已撤销"]').first().waitFor();
    const forSale = expectOk(
      await sellerApi.get(`/api/projects/${unit.projectId}/units?status=可售&pageSize=500`),
      '楼盘表',
    ).items.find((u: any) => u.id === unit.id);
    expect(forSale?.status).toBe('可售');
  });
});
