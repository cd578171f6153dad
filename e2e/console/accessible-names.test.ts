// Issue 16 item 12: what a screen reader announces for every control a seller, a notary, an
// administrator and a buyer reaches — no icon names inside names ("证件号码 question-circle"), no
// unnamed buttons (the phone's back arrow) — and the Beijing-time rule of item 11 on the phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { accessibleNameProblems } from '../support/accessible-names';
import { ensureMobileBuilt } from '../support/mobile-build';
import { launchPhone } from '../support/browser';
import { button, confirmDialog, launchBrowser, signIn } from './support/browser';
import { startWorld, type World } from './support/world';

describe('accessible names on the console and the phone', () => {
  let world: World;
  let browser: Browser;

  beforeAll(async () => {
    await ensureMobileBuilt();
    world = await startWorld();
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it("the seller's contract form: every field is named by its label alone", async () => {
    const seller = await signIn(browser, world, 'seller');
    expect(await accessibleNameProblems(seller)).toEqual([]);
    await button(seller, '签订商品房买卖合同').click();
    await seller.getByTestId('unit-grid').locator('[data-status="可售"]').first().click();
    await confirmDialog(seller);
    await seller.locator('#buyers_0_idNumber').waitFor();
    await seller.getByRole('button', { name: '添加共同买受人' }).click();
    await seller.locator('#buyers_1_name').waitFor();
    const problems = await accessibleNameProblems(seller);
    expect(problems).toEqual([]);
    // the fields a screen reader reads out by their labels, as the manual names them
    await seller.getByRole('textbox', { name: '证件号码', exact: true }).first().waitFor();
    await seller.getByRole('button', { name: '移除', exact: true }).first().waitFor();
  }, 120_000);

  it("管理, the notary's inbox and the center's filing queue", async () => {
    const admin = await signIn(browser, world, 'admin');
    expect(await accessibleNameProblems(admin)).toEqual([]);
    await admin.getByRole('link', { name: '用户' }).click();
    await admin.getByRole('button', { name: /新增用户/ }).waitFor();
    expect(await accessibleNameProblems(admin)).toEqual([]);
    const notary = await signIn(browser, world, 'notary');
    expect(await accessibleNameProblems(notary)).toEqual([]);
    const center = await signIn(browser, world, 'center');
    expect(await accessibleNameProblems(center)).toEqual([]);
  }, 120_000);

  it('the phone: 首页, 一手房签约公证, 登录 — the back arrow is a button named 返回', async () => {
    const phone = await launchPhone({ baseURL: world.url });
    try {
      const { page } = phone;
      await page.goto('/m/');
      await page.getByRole('button', { name: '一手房签约公证' }).first().waitFor();
      expect(await accessibleNameProblems(page)).toEqual([]);
      await page.getByRole('button', { name: '一手房签约公证' }).first().click();
      const back = page.getByRole('button', { name: '返回', exact: true });
      await back.waitFor();
      expect(await accessibleNameProblems(page)).toEqual([]);
      await back.click();
      await page.waitForURL((u) => u.pathname === '/m/' || u.pathname === '/m');
      await page.goto('/m/login');
      await page.getByRole('button', { name: '返回', exact: true }).waitFor();
      expect(await accessibleNameProblems(page)).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 120_000);
});
