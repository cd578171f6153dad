// Driving the console in headless Chromium: one browser per test file, one context per party,
// screenshots for the README, and the manual's button names as selectors.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { password, type World } from './world';
import { CHROMIUM_FLAGS } from '../../support/chromium-flags';
import { screenshotPath } from '../../support/screenshots';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
}

/** A fresh browser profile (its own cookies) with window.print counted instead of opening a dialog. */
export async function openPage(browser: Browser, world: World): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  await context.addInitScript(() => {
    (window as any).__printed = 0;
    window.print = () => {
      (window as any).__printed++;
    };
  });
  const page = trackPage(await context.newPage());
  page.setDefaultTimeout(20_000);
  await page.goto(`${world.url}/console/`);
  return page;
}

/** 工作人员登录 through the login page. */
export async function signIn(browser: Browser, world: World, username: string): Promise<Page> {
  const page = await openPage(browser, world);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password(username));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByTestId('area').waitFor();
  return page;
}

/**
 * One signed-in page per user for a test file, made when first asked for: signing in costs browser
 * time, and a test that takes the page starts by going where it works (page.goto), not where
 * another test left it.
 */
export function staffPages(browser: Browser, world: World) {
  const pages = new Map<string, Promise<Page>>();
  return (username: string) => {
    let p = pages.get(username);
    if (!p) pages.set(username, (p = signIn(browser, world, username)));
    return p;
  };
}

/** antd may space out a two-character label (导 入) after a loading state: match with or without. */
export const label = (name: string) =>
  new RegExp(`^${[...name].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s?')}$`);
export const button = (scope: Page | Locator, name: string) => scope.getByRole('button', { name: label(name) });
/** The 确定 / 确认 of the dialog on top. */
export const confirmDialog = async (page: Page, ok = '确定') => {
  const dlg = page.locator('.ant-modal-wrap:visible, .ant-modal-confirm:visible').last();
  await button(dlg, ok).click();
};

/** Picks an option of an antd Select found by its placeholder or current text. */
export async function choose(page: Page, selectText: string | RegExp, option: string, scope = page.locator('body')) {
  await scope.locator('.ant-select', { hasText: selectText }).first().click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** console-<name>.png, for the README (e2e/support/screenshots.ts says where). */
export async function screenshot(page: Page, name: string) {
  // fonts loaded and two frames painted: the picture shows what a user sees, not a half layout
  await page.evaluate(() =>
    document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))),
  );
  await page.screenshot({ path: screenshotPath(`console-${name}.png`) });
}

/** The text of the success/error toast that appears next. */
export async function toast(page: Page) {
  const m = page.locator('.ant-message-notice').last();
  await m.waitFor();
  return (await m.textContent()) ?? '';
}

const openPages: Page[] = [];
/** Uncaught errors of the open pages since the last afterEach (issue 16 item 10: they fail the test). */
const pageErrors: string[] = [];
/**
 * afterEach of every console test: on a failed test, what each open page showed, for the one who
 * reads the failure; and any uncaught page error (an "Object" in the browser console) fails the test.
 */
export async function screenshotOnFailure(ctx: { task: { name: string; result?: { state?: string } } }) {
  const errors = pageErrors.splice(0);
  if (ctx.task.result?.state === 'fail' || errors.length) {
    const dir = join(process.env.TMPDIR ?? '/tmp', 'netsign-console-failures');
    mkdirSync(dir, { recursive: true });
    for (const [i, p] of openPages.entries()) {
      if (!p.isClosed())
        await p
          .screenshot({
            path: join(dir, `${ctx.task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}-${i}.png`),
          })
          .catch(() => {});
    }
  }
  if (errors.length) throw new Error(`uncaught error(s) in the page:\n${errors.join('\n')}`);
}
export const trackPage = (p: Page) => {
  openPages.push(p);
  p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message || String(e)}${e.stack ? `\n${e.stack}` : ''}`));
  return p;
};
