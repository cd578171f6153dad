// The buyer's app inside WeChat (issue 16): the manual's buyer scans with 微信扫一扫, which opens
// the app in WeChat's built-in browser. Android WeChat has the live camera in the page; older iOS
// WeChat has neither getUserMedia nor MediaRecorder, so photos and the evidence video come from
// the phone's camera app (<input type="file" capture>), and the face check says where to go.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startMobileWorld, DEMO_BUYERS, type MobileWorld } from '../support/mobile-world';
import { faceCamera, recordedVideo } from '../support/fake-camera';
import { launchPhone, WECHAT_UA, type Phone } from '../support/browser';
import { ROOT } from '../support/mobile-build';
import { withOwnPhone } from '../support/buyer-stages';
import { signOnPhone } from './sign-pages';
import {
  button,
  caseWaitingForNotary,
  drawSignature,
  enabled,
  heading,
  hidden,
  phoneLayoutProblems,
  readDocuments,
  shot,
  signIn,
  visible,
  enterSmithPassport,
} from './buyer-pages';

const TITLES = ['中山市商品房买卖合同', '商品房买卖公证申请表', '商品房买卖合同公证告知', '收案记录'];
const [zhang, smith] = DEMO_BUYERS;
const PASSPORT_PAGE = join(ROOT, 'fixtures/passport-person-b.png');
const SMITH_PHOTO = join(ROOT, 'fixtures/faces/person-b-1.jpg');

/** The QR link → 在线公证 → the buyer chooses themself → 继续 → sign-in → 继续. */
async function openCase(page: Page, world: MobileWorld, link: string, buyer: { phone: string }, masked: string) {
  await page.goto(link);
  await visible(heading(page, '在线公证'));
  await page.getByText(masked).click();
  await button(page, '继续').click();
  await signIn(page, world, buyer.phone);
  await visible(heading(page, '在线公证'));
  await button(page, '继续').click();
}

/**
 * 拍摄… where the page has no live camera: the sheet says the phone's camera will open; 打开相机拍照
 * opens the camera app (a file chooser for the camera, not the album); 使用照片 uploads it.
 */
async function photoFromCameraApp(page: Page, scope: Page | Locator, label: string, file: string) {
  await scope.getByRole('button', { name: `拍摄${label}` }).click();
  const sheet = page.getByRole('dialog', { name: `拍摄${label}` });
  await visible(sheet.getByText('微信中不能在页面里显示相机画面，将打开手机相机拍摄。'));
  const chooser = page.waitForEvent('filechooser');
  await button(sheet, '打开相机拍照').click();
  const camera = await chooser;
  expect(camera.isMultiple()).toBe(false);
  expect(await camera.element().getAttribute('accept')).toBe('image/*');
  expect(await camera.element().getAttribute('capture')).toMatch(/^(user|environment)$/);
  await camera.setFiles(file);
  await visible(sheet.getByRole('img', { name: '拍摄的照片' }));
  await button(sheet, '使用照片').click();
  await hidden(sheet, 30_000);
}

// Each test has its own contract and its own phone (the mainland buyer a phone number of its own).
describe("the buyer's app in WeChat", () => {
  let world: MobileWorld;
  let phone: Phone | undefined;

  beforeAll(async () => {
    world = await startMobileWorld();
  }, 240_000);
  afterEach(async () => {
    await phone?.close();
    phone = undefined;
  });
  afterAll(async () => {
    await world?.close();
  });

  it("iOS WeChat without getUserMedia and MediaRecorder: a passport buyer photographs and records with the phone's camera and reaches 申请成功", async () => {
    const contract = await world.pushedContract([smith]);
    const video = await recordedVideo('b1');
    phone = await launchPhone({
      baseURL: world.url,
      userAgent: WECHAT_UA.ios,
      without: ['getUserMedia', 'MediaRecorder'],
    });
    const { page } = phone;
    expect(
      await page.evaluate(() => [typeof navigator.mediaDevices?.getUserMedia, typeof window.MediaRecorder]),
    ).toEqual(['undefined', 'undefined']);
    await openCase(page, world, contract.qrLink, smith, '852****0002');

    // item 4: the consent of the document + video route says what this route processes, and does
    // not offer the same route as the way out
    await visible(heading(page, '个人信息处理告知及人像比对同意'));
    const consent = page.locator('.card p').first();
    await visible(consent);
    const text = (await consent.textContent()) ?? '';
    for (const what of ['证件照片页照片', '手持证件照片', '朗读视频', '人脸特征', '公证员人工核对'])
      expect(text).toContain(what);
    expect(text).not.toContain('改用');
    expect(text).not.toContain('活体检测');
    await shot(page, 'wechat-consent-4-2');
    await button(page, '同意人像比对').click();

    await enterSmithPassport(page, smith);
    await photoFromCameraApp(page, page, '证件照片页', PASSPORT_PAGE);
    await visible(page.getByText('已拍摄'));
    await button(page, '提交核验').click();

    await visible(heading(page, '阅读文件'), 30_000);
    await readDocuments(page, TITLES);
    await button(page, '同意继续').click();

    await visible(heading(page, '上传资料'));
    await photoFromCameraApp(page, page, '证件个人资料页（照片页）照片', PASSPORT_PAGE);
    await photoFromCameraApp(page, page, '手持身份证正面照片', SMITH_PHOTO);
    await drawSignature(page, '电子签名');
    await visible(page.getByText('已上传').nth(2));
    expect(await phoneLayoutProblems(page)).toEqual([]);
    await button(page, '提交资料，完成').click();
    await signOnPhone(page, '佐证视频');

    // 佐证视频 through the phone's camera app: the text to read comes first, as the camera will
    // cover the page
    await button(page, '录制视频').click();
    const region = page.getByRole('region', { name: '用手机相机录制' });
    await visible(region.getByText('微信中不能在页面里录像，将打开手机相机录制。', { exact: false }));
    expect(await region.getByLabel('请朗读以下文字').textContent()).toMatch(
      /本人SMITH JOHN ALEXANDER，自愿购买.*核验码：\d \d \d \d/,
    );
    await shot(page, 'wechat-video');
    expect(await phoneLayoutProblems(page)).toEqual([]);
    const chooser = page.waitForEvent('filechooser');
    await button(region, '打开相机录像').click();
    const camera = await chooser;
    expect(await camera.element().getAttribute('accept')).toBe('video/*');
    expect(await camera.element().getAttribute('capture')).toBe('user');
    // recording takes the 15 seconds the video lasts: the server's clock moves on by that much
    await world.clock.advance(16_000);
    await camera.setFiles(video);
    await visible(region.getByLabel('回放录制的视频'));
    await button(region, '提交视频').click();
    await visible(page.getByText('申请成功', { exact: true }), 90_000);

    // the notary gets what the in-page recorder would have sent: the video and its face check
    const { detail } = await caseWaitingForNotary(world, contract.businessNo);
    const ev = detail.applications[0].evidence;
    expect(ev.video.durationMs).toBeGreaterThanOrEqual(13_500);
    expect(ev.video.durationMs).toBeLessThanOrEqual(16_500);
    expect(ev.videoFrames.passed).toBe(true);
    expect(ev.photos.handheld.match.match).toBe(true);
  }, 480_000);

  it('iOS WeChat: the face check says it cannot run in WeChat and how to continue in the browser', async () => {
    const buyer = withOwnPhone(zhang);
    const contract = await world.pushedContract([buyer]);
    phone = await launchPhone({
      baseURL: world.url,
      userAgent: WECHAT_UA.ios,
      without: ['getUserMedia', 'MediaRecorder'],
    });
    const { page } = phone;
    await openCase(page, world, contract.qrLink, buyer, '张*');
    // item 4: the face route's consent names the face images and offers the other route
    await visible(heading(page, '人脸信息处理单独同意'));
    const text = (await page.locator('.card p').first().textContent()) ?? '';
    for (const what of ['人脸图像', '活体检测', '身份证照片比对', '改用「身份证明文件 + 佐证视频」'])
      expect(text).toContain(what);
    await button(page, '同意').click();
    await visible(heading(page, '人脸识别'));
    await visible(page.getByRole('alert').filter({ hasText: '请点右上角「···」，选择「在浏览器打开」' }));
    expect(await button(page, '开始识别').isDisabled()).toBe(true);
    await shot(page, 'wechat-face');
  }, 180_000);

  it('Android WeChat (live camera in the page): the face check shows the action to perform before it starts', async () => {
    const buyer = withOwnPhone(zhang);
    const contract = await world.pushedContract([buyer]);
    phone = await launchPhone({
      baseURL: world.url,
      userAgent: WECHAT_UA.android,
      camera: await faceCamera('a1', 'turn-left'),
    });
    const { page } = phone;
    await page.goto('/m/');
    await visible(button(page, '一手房签约公证'));
    expect(await phoneLayoutProblems(page)).toEqual([]);
    await openCase(page, world, contract.qrLink, buyer, '张*');
    await button(page, '同意').click();
    await visible(heading(page, '人脸识别'));
    await visible(page.getByRole('region', { name: '本次识别的动作' }).getByText('请缓慢向左转头，再转回正面'));
    await enabled(button(page, '开始识别'));
    expect(await page.getByRole('alert').count()).toBe(0);
  }, 180_000);
});
