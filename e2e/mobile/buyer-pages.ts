// What a buyer does on each page of the app, by the names the operations manual uses.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { MobileWorld } from '../support/mobile-world';
import { screenshotPath } from '../support/screenshots';
import { SMITH_PASSPORT_MRZ } from '../../apps/server/src/demo/demo-accounts';
import { expectOk } from '../support/mobile-world';

/** mobile-<name>.png, for the README (e2e/support/screenshots.ts says where). */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: screenshotPath(`mobile-${name}.png`) });
}

export const button = (scope: Page | Locator, name: string | RegExp) =>
  scope.getByRole('button', { name, exact: typeof name === 'string' });
export const visible = (l: Locator, timeout = 20_000) => l.first().waitFor({ state: 'visible', timeout });
export const hidden = (l: Locator, timeout = 20_000) => l.first().waitFor({ state: 'hidden', timeout });
export const enabled = (l: Locator, timeout = 20_000) =>
  expect.poll(() => l.isEnabled(), { timeout, interval: 200 }).toBe(true);
export const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true });

/** Sign in by phone number and the SMS code from the local outbox. */
export async function signIn(page: Page, world: MobileWorld, phone: string, screenshot?: string) {
  const phoneBox = page.getByRole('textbox', { name: '手机号' });
  await visible(phoneBox);
  await phoneBox.fill(phone);
  const before = await world.smsCount(phone);
  // resends wait 1, 2, 4 … minutes per phone (docs/SECURITY.md): a test signing in again moves the
  // server's clock on by that wait instead of waiting
  if (before) await world.clock.advance(2 ** (before - 1) * 60_000 + 1_000);
  await button(page, '获取验证码').click();
  const code = await world.smsCode(phone, before);
  await page.getByRole('textbox', { name: '验证码' }).fill(code);
  if (screenshot) await shot(page, screenshot);
  await button(page, '登录').click();
}

/**
 * 人脸识别: 开始识别, the page captures the fake camera and the server judges. The fake camera
 * loops, so a capture may begin mid-turn (no resting start): then 重新识别, as a person would.
 * Returns null once the page moved on, or the last refusal the page showed.
 */
export async function faceRecognition(page: Page, opts: { stop?: RegExp; attempts?: number } = {}) {
  const title = (await page.getByRole('heading', { level: 1 }).first().textContent()) ?? '';
  const refused = page.getByRole('alert').filter({ hasText: '人脸识别未通过' });
  let last: string | null = null;
  for (let i = 0; i < (opts.attempts ?? 6); i++) {
    await enabled(button(page, i === 0 ? '开始识别' : '重新识别'));
    await button(page, i === 0 ? '开始识别' : '重新识别').click();
    // any other message (camera, network, a busy server) ends the wait and is reported as it reads
    const other = page.getByRole('alert').filter({ hasNotText: '人脸识别未通过' });
    await expect
      .poll(
        async () =>
          (await refused.count()) > 0 || (await other.count()) > 0 || (await heading(page, title).count()) === 0,
        { timeout: 180_000, interval: 250 },
      )
      .toBe(true); // judged in a minute or more on busy cores
    if (await other.count()) throw new Error(`人脸识别：${await other.first().textContent()}`);
    if (!(await refused.count())) return null;
    last = await refused.first().textContent();
    if (opts.stop?.test(last ?? '')) return last;
    console.log(`${title} ${i + 1}: ${last}`); // the clip loops: a capture may begin mid-turn
  }
  return last;
}

/** Reads every page of the four documents in the reader, then leaves 同意继续 to the caller. */
export async function readDocuments(page: Page, titles: string[], screenshot?: string) {
  expect(await button(page, '同意继续').isDisabled()).toBe(true);
  for (const [i, title] of titles.entries()) {
    await page.getByText(title, { exact: true }).click();
    const reader = page.getByRole('dialog', { name: title });
    await visible(reader);
    const pages = reader.locator('[data-page]');
    await visible(pages);
    const n = await pages.count();
    for (let p = 1; p <= n; p++) {
      const el = reader.locator(`[data-page="${p}"]`);
      await el.scrollIntoViewIfNeeded();
      await expect.poll(() => el.getAttribute('data-seen'), { timeout: 15_000, interval: 100 }).toBe('yes');
      if (screenshot && i === 0 && p === 1) await shot(page, screenshot);
    }
    await visible(reader.getByText(`已阅读 ${n}/${n} 页`));
    await button(reader, '读完了，返回').click();
    await hidden(reader);
    await visible(page.locator('.adm-list-item').filter({ hasText: title }).getByText('已读完'), 10_000);
  }
}

/** Opens the camera for `label`, 拍照, 使用照片; retakes when the server refuses the photo. */
export async function takePhoto(page: Page, label: string, screenshot?: string) {
  await page.getByRole('button', { name: `拍摄${label}` }).click();
  const dialog = page.getByRole('dialog', { name: `拍摄${label}` });
  await visible(dialog);
  for (let i = 0; i < 3; i++) {
    await enabled(button(dialog, '拍照'));
    if (screenshot && i === 0) await shot(page, screenshot);
    await button(dialog, '拍照').click();
    await button(dialog, '使用照片').click();
    const refused = dialog.getByRole('alert');
    await expect
      .poll(async () => (await dialog.count()) === 0 || (await refused.count()) > 0, { timeout: 30_000, interval: 200 })
      .toBe(true);
    if (!(await dialog.count())) return;
    await button(dialog, '重拍').click();
  }
  throw new Error(`${label}：三次拍摄都未被接受：${await dialog.getByRole('alert').first().textContent()}`);
}

/** 电子签名: strokes on the pad, 重写 once, strokes again, 确定. */
export async function drawSignature(page: Page, label: string, screenshot?: string) {
  await page.getByRole('button', { name: `签署${label}` }).click();
  const pad = page.getByRole('img', { name: '签名板' });
  await visible(pad);
  const box = (await pad.boundingBox())!;
  const stroke = async (points: [number, number][]) => {
    await page.mouse.move(box.x + points[0]![0] * box.width, box.y + points[0]![1] * box.height);
    await page.mouse.down();
    for (const [x, y] of points.slice(1))
      await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 6 });
    await page.mouse.up();
  };
  await stroke([
    [0.1, 0.6],
    [0.2, 0.3],
    [0.3, 0.7],
    [0.4, 0.35],
  ]);
  await button(page, '重写').click();
  await stroke([
    [0.08, 0.55],
    [0.18, 0.25],
    [0.28, 0.75],
    [0.38, 0.3],
    [0.5, 0.6],
  ]);
  await stroke([
    [0.55, 0.3],
    [0.62, 0.7],
    [0.7, 0.4],
    [0.85, 0.55],
  ]);
  if (screenshot) await shot(page, screenshot);
  await button(page, '确定').click();
  await hidden(pad, 30_000);
}

/**
 * The phone layout rules: nothing wider than the 360 px screen, no text under 16 px, and every
 * button, input and switch named for a screen reader. Returns what breaks them.
 */
export async function phoneLayoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      problems.push(`page is ${document.documentElement.scrollWidth}px wide`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim());
      if (!own || !el.getClientRects().length) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 16) problems.push(`${size}px: ${el.className || el.tagName} “${el.textContent!.trim().slice(0, 20)}”`);
    }
    for (const el of Array.from(
      document.querySelectorAll<HTMLElement>('button, input, [role=switch], [role=radio], textarea'),
    )) {
      if (!el.getClientRects().length) continue;
      const name =
        el.getAttribute('aria-label') ||
        el.textContent?.trim() ||
        (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent) ||
        el.getAttribute('placeholder');
      if (!name) problems.push(`unnamed ${el.tagName.toLowerCase()}.${el.className}`);
    }
    return problems;
  });
}

/** The case as the notary sees it once the buyers submitted: it must be in the 待审核 inbox. */
export async function caseWaitingForNotary(world: MobileWorld, businessNo: string) {
  const notary = await world.login('notary');
  const list = expectOk(await notary.get('/api/notary/cases?status=待审核'), '收件箱').items as any[];
  const row = list.find((c) => c.businessNo === businessNo);
  if (!row) throw new Error(`案件 ${businessNo} 不在公证员的待审核收件箱中`);
  const detail = expectOk(await notary.get(`/api/notary/cases/${row.id}`), '案件页面');
  return { notary, detail };
}

/** 录入身份证明文件 as SMITH: 护照, number, name and both lines of the machine-readable zone (no photo yet). */
export async function enterSmithPassport(page: Page, smith: { idNumber: string; name: string }) {
  await visible(heading(page, '录入身份证明文件'));
  await page.getByText('护照', { exact: true }).click();
  await page.getByRole('textbox', { name: '证件号码' }).fill(smith.idNumber);
  await page.getByRole('textbox', { name: '证件上的姓名' }).fill(smith.name);
  await page.getByRole('textbox', { name: '机读码第一行' }).fill(SMITH_PASSPORT_MRZ[0]);
  await page.getByRole('textbox', { name: '机读码第二行' }).fill(SMITH_PASSPORT_MRZ[1]);
}
