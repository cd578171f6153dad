// Debian's Chromium through playwright-core, at a phone's size, with an optional fake camera.
import { afterEach } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from './chromium-flags';

// Issue 16 item 10: an uncaught error in any phone page fails the test it happened in (the hook is
// registered for every test file that imports this module).
const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  if (errors.length) throw new Error(`uncaught error(s) in the page:\n${errors.join('\n')}`);
});

export const PHONE = { width: 360, height: 640 };

export interface Phone {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** WeChat's built-in browser, as its user agent reads (Android: XWEB on Chromium; iOS: WKWebView). */
export const WECHAT_UA = {
  android:
    'Mozilla/5.0 (Linux; Android 13; 22081212C Build/TKQ1.220829.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1110005 MMWEBSDK/20230805 MMWEBID/2514 MicroMessenger/8.0.42.2460(0x28002A35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
  ios: 'Mozilla/5.0 (iPhone; CPU iPhone OS 14_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.16(0x18001023) NetType/WIFI Language/zh_CN',
};

/** Chromium, with `camera` (a .y4m file) played as the camera, looped. */
export async function launchChromium(camera?: string): Promise<Browser> {
  const args = [...CHROMIUM_FLAGS];
  if (camera)
    args.push(
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${camera}`,
    );
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args, headless: true });
}

/**
 * A phone of its own (cookies, storage, permissions) on a running Chromium: tests of one file
 * share the browser and start from a clean phone. `userAgent` poses as another browser
 * (WECHAT_UA); `without` removes camera features before any page script runs, as older iOS
 * WeChat lacks them. close() closes this phone only.
 */
export async function openPhone(
  browser: Browser,
  opts: { baseURL: string; userAgent?: string; without?: ('getUserMedia' | 'MediaRecorder')[] },
): Promise<Phone> {
  const context = await browser.newContext({
    baseURL: opts.baseURL,
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    permissions: ['camera', 'microphone'],
    ...(opts.userAgent && { userAgent: opts.userAgent }),
  });
  if (opts.without?.length) {
    await context.addInitScript((without: string[]) => {
      if (without.includes('MediaRecorder')) delete (window as { MediaRecorder?: unknown }).MediaRecorder;
      if (without.includes('getUserMedia') && window.MediaDevices)
        delete (MediaDevices.prototype as { getUserMedia?: unknown }).getUserMedia;
    }, opts.without);
  }
  context.setDefaultTimeout(20_000);
  context.on('weberror', (e) => pageErrors.push(`${e.page()?.url() ?? ''}: ${e.error().message}`));
  const page = await context.newPage();
  return { browser, context, page, close: () => context.close() };
}

/** A phone-sized page on a Chromium of its own (see launchChromium, openPhone); close() ends that Chromium. */
export async function launchPhone(opts: {
  camera?: string;
  baseURL: string;
  userAgent?: string;
  without?: ('getUserMedia' | 'MediaRecorder')[];
}): Promise<Phone> {
  const browser = await launchChromium(opts.camera);
  const phone = await openPhone(browser, opts);
  return { ...phone, close: () => browser.close() };
}
