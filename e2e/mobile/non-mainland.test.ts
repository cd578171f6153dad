// Manual 4.2 on a phone-sized headless Chromium with a fake camera: a buyer with a passport enters
// the document and photographs its photo page, reads the four documents, takes the ID, handheld
// and signature pictures, 提交资料，完成, signs the e-contract, 申请表 and 告知 with a key made on the
// phone (签署), records the 15-second 佐证视频 and reaches 申请成功. Each test has its own contract and
// a phone of its own: the buyer is brought through the API to the page before the one the test is
// about (e2e/support/buyer-stages.ts), and the notary's API shows what that page sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startMobileWorld, DEMO_BUYERS, type MobileWorld } from '../support/mobile-world';
import { faceCamera, qrCamera } from '../support/fake-camera';
import { launchChromium, launchPhone, openPhone } from '../support/browser';
import { passportBuyerAt, shareSession, signedInBuyer, withOwnPhone } from '../support/buyer-stages';
import { notaryCase } from '../support/notary-view';
import { signOnPhone } from './sign-pages';
import {
  button,
  caseWaitingForNotary,
  drawSignature,
  enabled,
  phoneLayoutProblems,
  heading,
  hidden,
  readDocuments,
  shot,
  signIn,
  takePhoto,
  visible,
  enterSmithPassport,
} from './buyer-pages';

const TITLES = ['中山市商品房买卖合同', '商品房买卖公证申请表', '商品房买卖合同公证告知', '收案记录'];
const smith = DEMO_BUYERS[1];

describe('manual 4.2: a non-mainland buyer signs on the phone', () => {
  let world: MobileWorld;
  // one Chromium with person-b in front of its camera; every test opens a phone of its own on it
  let chromium: Browser;

  beforeAll(async () => {
    world = await startMobileWorld();
    chromium = await launchChromium(await faceCamera('b1'));
  }, 240_000);
  afterAll(async () => {
    await chromium?.close();
    await world?.close();
  });

  /** SMITH with a phone of his own on a contract of his own, signed in and brought to the page `at` through the API. */
  async function buyerAt(at: Parameters<typeof passportBuyerAt>[3]) {
    const buyer = withOwnPhone(smith);
    const contract = await world.pushedContract([buyer]);
    const api = await signedInBuyer(world, buyer.phone);
    const id = await passportBuyerAt(world, api, contract.token, at);
    const phone = await openPhone(chromium, { baseURL: world.url });
    await shareSession(phone.context, api, world.url);
    return { contract, id, phone };
  }

  it('首页 → 一手房签约公证 → 立即扫码 reads the QR code from the camera and opens 在线公证', async () => {
    const contract = await world.pushedContract([smith]);
    const scanner = await launchPhone({
      camera: await qrCamera(contract.qrSvg, contract.businessNo),
      baseURL: world.url,
    });
    try {
      const { page } = scanner;
      await page.goto('/m/');
      await button(page, '一手房签约公证').click();
      await button(page, '立即扫码').click();
      await visible(page.getByLabel('扫码取景'));
      await visible(heading(page, '在线公证'), 20_000);
      expect(new URL(page.url()).pathname).toBe(`/m/case/${contract.token}`);
      await visible(page.getByText(contract.businessNo, { exact: false }));
      await visible(page.getByText('身份未核验'));
    } finally {
      await scanner.close();
    }
  }, 120_000);

  it('the QR link → 在线公证 → 继续 → the passport entered and its photo page photographed → the four documents; the notary sees the document check', async () => {
    const contract = await world.pushedContract([smith]);
    const phone = await openPhone(chromium, { baseURL: world.url });
    try {
      const { page } = phone;
      await page.goto(contract.qrLink);
      await visible(heading(page, '在线公证'));
      await page.getByText('852****0002').click();
      await button(page, '继续').click();
      await signIn(page, world, smith.phone);
      await visible(heading(page, '在线公证'));
      await button(page, '继续').click();
      await visible(heading(page, '个人信息处理告知及人像比对同意'));
      await button(page, '同意人像比对').click();

      await enterSmithPassport(page, smith);
      // without the photo page the page says what to do
      await button(page, '提交核验').click();
      await visible(page.getByRole('alert').filter({ hasText: '请先拍摄证件照片页' }));
      await button(page, '拍摄证件照片页').click();
      const cam = page.getByRole('dialog', { name: '拍摄证件照片页' });
      await enabled(button(cam, '拍照'));
      await button(cam, '拍照').click();
      await button(cam, '使用照片').click();
      await hidden(cam);
      await visible(page.getByText('已拍摄'));
      await shot(page, 'document-entry');
      expect(await phoneLayoutProblems(page)).toEqual([]);
      await button(page, '提交核验').click();

      await visible(heading(page, '阅读文件'), 30_000);
      await readDocuments(page, TITLES);
      await button(page, '同意继续').click();
      await visible(heading(page, '上传资料'));

      const ev = (await notaryCase(world, contract.businessNo)).detail.applications[0].evidence;
      expect(ev.first).toMatchObject({ method: 'document', kind: 'PASSPORT', mrzChecked: true, faceMatching: true });
      expect(ev.agreed.documents).toHaveLength(4);
    } finally {
      await phone.close();
    }
  }, 180_000);

  it('a passport: its photo page (no back), 手持身份证正面照片, 电子签名图片 → 提交资料，完成; the notary sees the photos', async () => {
    const { contract, id, phone } = await buyerAt('上传资料');
    try {
      const { page } = phone;
      await page.goto(`/m/apply/${id}`);
      await visible(heading(page, '上传资料'));
      for (const h of ['证件个人资料页（照片页）照片', '手持身份证正面照片', '电子签名图片'])
        await visible(heading(page, h));
      // issue 16 item 7: a passport has a photo page only
      expect(await page.getByRole('button', { name: /反面/ }).count()).toBe(0);
      expect(await button(page, '提交资料，完成').isDisabled()).toBe(true);
      // the connection drops during an upload: the page says so, and 重试 sends the same photo
      await button(page, '拍摄证件个人资料页（照片页）照片').click();
      const cam = page.getByRole('dialog', { name: '拍摄证件个人资料页（照片页）照片' });
      await enabled(button(cam, '拍照'));
      await button(cam, '拍照').click();
      await phone.context.setOffline(true);
      await button(cam, '使用照片').click();
      await visible(cam.getByRole('alert').filter({ hasText: '网络连接中断' }));
      await shot(page, 'upload-retry');
      await phone.context.setOffline(false);
      await button(cam, '重试').last().click();
      await hidden(cam, 30_000);
      await takePhoto(page, '手持身份证正面照片', 'camera-handheld');
      await drawSignature(page, '电子签名');
      // photo page, handheld, signature: three (a passport has no back)
      await visible(page.getByText('已上传').nth(2));
      await shot(page, 'photos-4-2');
      expect(await phoneLayoutProblems(page)).toEqual([]);
      await button(page, '提交资料，完成').click();
      await visible(heading(page, '签署文件'));

      const ev = (await notaryCase(world, contract.businessNo)).detail.applications[0].evidence;
      for (const k of ['id_front', 'handheld', 'signature']) expect(ev.photos[k].accepted).toBe(true);
      expect(ev.photos.id_back).toBeUndefined();
      expect(ev.photos.handheld.match.match).toBe(true);
    } finally {
      await phone.close();
    }
  }, 180_000);

  it('签署: the e-contract, 申请表 and 告知 signed with a key made on the phone (checked in detail in signing.test.ts)', async () => {
    const { id, phone } = await buyerAt('签署文件');
    try {
      await phone.page.goto(`/m/apply/${id}`);
      await signOnPhone(phone.page, '佐证视频');
    } finally {
      await phone.close();
    }
  }, 180_000);

  it('佐证视频: 录制视频, the text at the bottom, 开始录制, 15 seconds, 结束录制, replay, 提交视频 → 申请成功 → 完成，返回首页; the notary sees the case 待审核 with the evidence video', async () => {
    const { contract, id, phone } = await buyerAt('佐证视频');
    try {
      const { page } = phone;
      await page.goto(`/m/apply/${id}`);
      await visible(heading(page, '佐证视频'));
      await button(page, '录制视频').click();
      const text = page.getByLabel('请朗读以下文字');
      await visible(text);
      expect(await text.textContent()).toMatch(/本人SMITH JOHN ALEXANDER，自愿购买.*核验码：\d \d \d \d/);
      await enabled(button(page, '开始录制'));
      await button(page, '开始录制').click();
      const stop = page.getByRole('button', { name: /^结束录制/ });
      await visible(stop);
      expect(await stop.isDisabled()).toBe(true); // a full 15 seconds first
      // the picture for the README shows a recording under way: the countdown has moved
      await expect
        .poll(() => page.locator('.countdown-inline').textContent(), { timeout: 20_000, interval: 200 })
        .toMatch(/^(1[0-2]|[1-9]) 秒$/);
      await shot(page, 'video-recording');
      expect(await phoneLayoutProblems(page)).toEqual([]);
      // 结束录制 is enabled at 15 s; the recorder also stops by itself at 16 s, which a very busy
      // machine can reach before the click lands
      const replay = page.getByLabel('回放录制的视频');
      await expect
        .poll(async () => (await replay.count()) > 0 || (await stop.isEnabled({ timeout: 200 }).catch(() => false)), {
          timeout: 25_000,
          interval: 100,
        })
        .toBe(true);
      if (!(await replay.count())) await stop.click({ timeout: 2_000 }).catch(() => undefined);
      await visible(replay);
      await expect
        .poll(() => replay.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await shot(page, 'video');
      await button(page, '提交视频').click();
      await visible(page.getByText('申请成功', { exact: true }), 60_000);
      await shot(page, 'success-4-2');
      await button(page, '完成，返回首页').click();
      await visible(button(page, '一手房签约公证'));

      const { notary, detail } = await caseWaitingForNotary(world, contract.businessNo);
      expect(detail.status).toBe('待审核');
      const app = detail.applications[0];
      expect(app.route).toBe('document_video');
      expect(app.status).toBe('待审核');
      const ev = app.evidence;
      expect(ev.video.durationMs).toBeGreaterThanOrEqual(13_500);
      expect(ev.video.durationMs).toBeLessThanOrEqual(16_500);
      expect(ev.video.text).toMatch(/核验码/);
      expect(ev.videoFrames.passed).toBe(true);
      const video = await notary.get(`/api/notary/cases/${detail.id}/files/${ev.video.sha256}`);
      expect(video.status).toBe(200);
      expect(video.raw.subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // a WebM (EBML) file from MediaRecorder
    } finally {
      await phone.close();
    }
  }, 180_000);

  it('繁體中文 and English for non-mainland buyers: 我的 in English shows the application under review', async () => {
    const { contract, phone } = await buyerAt('申请成功');
    try {
      const { page } = phone;
      await page.goto('/m/');
      await visible(button(page, '一手房签约公证'));
      await page.getByText('English', { exact: true }).click();
      await visible(button(page, 'Sign a new-home contract with notarization'));
      await page.getByText('Me', { exact: true }).last().click();
      await visible(heading(page, 'My applications'));
      await visible(page.getByRole('region', { name: `${contract.businessNo} Under review` }));
      await visible(page.getByRole('switch', { name: 'Subscribe to messages' }));
      await shot(page, 'mine-en');
      expect(await phoneLayoutProblems(page)).toEqual([]);
      await page.getByText('繁體中文', { exact: true }).click();
      await visible(heading(page, '我的申請記錄'));
      await page.getByText('简体中文', { exact: true }).click();
      await visible(heading(page, '我的申请记录'));
    } finally {
      await phone.close();
    }
  }, 180_000);
});
