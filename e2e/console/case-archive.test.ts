import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { availableUnits, prepareContract } from '../../apps/server/src/demo/walk/seller-steps';
import { expectOk, eventually } from '../../apps/server/src/demo/walk/expect';
import type { ApiClient } from '../../apps/server/src/testing/http-client';
import { startWorld, type World } from './support/world';
import { button, confirmDialog, launchBrowser, screenshotOnFailure, signIn } from './support/browser';
import { ZHANG } from './support/buyers';

// 下载卷宗 (issue 13 item 5): once the notary decides a case — here a 驳回, which needs no buyer —
// the case page says the archive is being made, then offers it; the download is the signed ASiC-E
// container. (The approved case's archive is downloaded in notarized-flow.test.ts.)
describe('公证卷宗 on the notary case page', () => {
  let world: World;
  let browser: Browser;
  let sellerApi: ApiClient;
  let notary: Page;

  beforeAll(async () => {
    world = await startWorld();
    browser = await launchBrowser();
    sellerApi = await world.login('seller');
    notary = await signIn(browser, world, 'notary');
  });
  afterEach((ctx) => screenshotOnFailure(ctx));
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('after 驳回, 下载卷宗 downloads 公证卷宗-<业务号>.asice, an ASiC-E container', async () => {
    const [unit] = await availableUnits(sellerApi, 1);
    const c = await prepareContract(sellerApi, {
      unit,
      buyers: [{ ...ZHANG }],
      password: 'Hetong2026',
      today: world.clock.now(),
    });
    const [office] = expectOk(
      await sellerApi.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`),
      '公证处',
    );
    expectOk(await sellerApi.post(`/api/contracts/${c.id}/push`, { notaryOfficeId: office.id }), '推送');
    const notaryApi = await world.login('notary');
    const k = await eventually('案件', async () =>
      (expectOk(await notaryApi.get('/api/notary/cases?pageSize=200'), '收件箱').items as any[]).find(
        (x) => x.businessNo === c.businessNo,
      ),
    );

    await notary.goto(`${world.url}/console/notary/cases/${k.id}`);
    await expect(notary.getByRole('link', { name: '下载卷宗' }).count()).resolves.toBe(0); // not before a decision
    await button(notary, '驳回').click();
    await notary.locator('.ant-modal:visible').getByLabel('驳回原因').fill('合同信息有误，退回开发企业');
    await confirmDialog(notary);
    await notary.locator('[data-status="已驳回"]').first().waitFor();

    const link = notary.getByRole('link', { name: '下载卷宗' });
    await link.waitFor({ timeout: 120_000 }); // the page refreshes when the job has made it
    const [download] = await Promise.all([notary.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`公证卷宗-${c.businessNo}.asice`);
    const zip = readFileSync(await download.path());
    expect(zip.toString('latin1', 30, 69)).toBe('mimetypeapplication/vnd.etsi.asic-e+zip');
    expect(zip.includes(Buffer.from('META-INF/signature.p7s'))).toBe(true);
  }, 300_000);
});
