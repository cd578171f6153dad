// Debian's Chromium through playwright-core, at a phone's size, with an optional fake camera.
import { afterEach } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Issue 16 item 10: an uncaught error in any phone page fails the test it happened in (the hook is
// registered for every test file that imports this module).
const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  if (errors.length) throw new Error(`uncaught error(s) in the page:\n${errors.join('\n')}`);
});

export const PHONE = { width: 360, height: 640 };

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface Phone {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A phone-sized page; `camera` is a .y4m file Chromium plays as the camera (looped). */
export async function launchPhone(opts: { camera?: string; baseURL: string }): Promise<Phone> {
  const args = [...CHROMIUM_FLAGS];
  if (opts.camera) args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${opts.camera}`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args, headless: true });
  const context = await browser.newContext({
    baseURL: opts.baseURL,
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    permissions: ['camera', 'microphone'],
  });
  context.setDefaultTimeout(20_000);
  context.on('weberror', (e) => pageErrors.push(`${e.page()?.url() ?? ''}: ${e.error().message}`));
  const page = await context.newPage();
  return { browser, context, page, close: () => browser.close() };
}
