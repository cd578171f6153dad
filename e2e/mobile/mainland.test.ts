// Manual 4.1 on a phone-sized headless Chromium with a fake camera: a mainland buyer from 首页
// through 人脸识别, the four documents, ID photos and signature, to 人脸识别 again and 申请成功;
// a different face (person-b) at the second 人脸识别 is refused; the notary then sees the case 待审核.
// Each test has its own contract and a buyer with a phone number of its own, brought through the
// API (first face check and all, e2e/support/buyer-stages.ts) to the page before the one the test
// is about; the notary's API shows what that page sent.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import { startMobileWorld, DEMO_BUYERS, expectOk, type MobileWorld } from '../support/mobile-world';
import { faceCamera } from '../support/fake-camera';
import { launchPhone, type Phone } from '../support/browser';
import { mainlandBuyerAt, shareSession, signedInBuyer, withOwnPhone } from '../support/buyer-stages';
import { notaryCase } from '../support/notary-view';
import { signOnPhone } from './sign-pages';
import {
  button,
  caseWaitingForNotary,
  drawSignature,
  enabled,
  phoneLayoutProblems,
  faceRecognition,
  heading,
  readDocuments,
  shot,
  signIn,
  takePhoto,
  visible,
} from './buyer-pages';

const TITLES = ['中山市商品房买卖合同', '商品房买卖公证申请表', '商品房买卖合同公证告知', '收案记录'];
const zhang = DEMO_BUYERS[0];

// Opt-in until issue 16 item 3 is fixed: the server refuses Chromium's fake camera feed as
// 同一画面被重复提交 (duplicate frames) in most runs on this 2-core machine, so the file fails
// whatever else is right. Run it with NETSIGN_E2E_MAINLAND=1.
describe.skipIf(!process.env.NETSIGN_E2E_MAINLAND)('manual 4.1: a mainland buyer signs on the phone', () => {
  let world: MobileWorld;
  let cameraA: string;
  let cameraB: string;
  let engine: NodeFaceEngine | undefined;
  let phone: Phone | undefined;

  beforeAll(async () => {
    // blink: of the fake camera's synthesized actions, person-a's stays most like her (similarity
    // 0.92 to the resting face; her turned head falls to 0.67, near the 0.55 same-person floor)
    world = await startMobileWorld({ FACE_CHALLENGES: 'blink' });
    // one at a time: the face engine judges one frame at a time
    cameraA = await faceCamera('a1', 'blink');
    cameraB = await faceCamera('b1', 'blink');
  }, 240_000);
  afterEach(async () => {
    await phone?.close();
    phone = undefined;
  });
  afterAll(async () => {
    await world?.close();
  });

  /** 张明 with a phone of his own on a contract of his own, through the API up to the page `at`. */
  async function buyerAt(at: '再次人脸识别' | '申请成功') {
    const buyer = withOwnPhone(zhang);
    const contract = await world.pushedContract([buyer]);
    const api = await signedInBuyer(world, buyer.phone);
    engine ??= await createFaceEngine();
    await mainlandBuyerAt(world, engine, api, contract.token, at);
    return { buyer, contract, api };
  }

  /** 我的 → 登录 → 继续办理 on a new phone: the application resumes where the server says it stands. */
  async function resumeOnNewPhone(camera: string, buyerPhone: string) {
    phone = await launchPhone({ camera, baseURL: world.url });
    const { page } = phone;
    await page.goto('/m/mine');
    await button(page, '登录').click();
    await signIn(page, world, buyerPhone);
    await visible(heading(page, '我的申请记录'));
    await button(page, '继续办理').click();
    return page;
  }

  it('首页 → 一手房签约公证 → the QR link → 在线公证 → 继续 → 人脸识别 → the four documents → photos and signature; the notary sees what the phone sent', async () => {
    const buyer = withOwnPhone(zhang);
    const contract = await world.pushedContract([buyer]);
    phone = await launchPhone({ camera: cameraA, baseURL: world.url });
    const { page } = phone;
    await page.goto('/m/');
    await visible(button(page, '一手房签约公证'));
    await shot(page, 'home');
    expect(await phoneLayoutProblems(page)).toEqual([]);
    await button(page, '一手房签约公证').click();
    await visible(button(page, '立即扫码'));
    await shot(page, 'scan');

    // the QR holds a link to the app: opening it lands on the same case
    expect(contract.qrLink).toBe(`${world.url}/m/case/${contract.token}`);
    await page.goto(contract.qrLink);
    await visible(heading(page, '在线公证'));
    await visible(page.getByText('身份未核验'));
    await visible(page.getByText(contract.businessNo, { exact: false }));
    await page.getByText('张*').click();
    await shot(page, 'case');
    expect(await phoneLayoutProblems(page)).toEqual([]);
    await button(page, '继续').click();
    await signIn(page, world, buyer.phone, 'login');
    await visible(heading(page, '在线公证'));
    await button(page, '继续').click();

    await visible(heading(page, '人脸信息处理单独同意'));
    await shot(page, 'consent');
    expect(await phoneLayoutProblems(page)).toEqual([]);
    await button(page, '同意').click();

    await visible(heading(page, '人脸识别'));
    await visible(page.getByText('请将面部置于椭圆框内，保持正对').first());
    // the action the server asks for is shown before the capture starts (issue 16 item 3)
    await visible(page.getByRole('region', { name: '本次识别的动作' }).getByText('请眨眨眼'));
    await enabled(button(page, '开始识别'));
    await shot(page, 'face');
    expect(await faceRecognition(page)).toBeNull();

    await visible(heading(page, '阅读文件'));
    await shot(page, 'documents');
    expect(await phoneLayoutProblems(page)).toEqual([]);
    await readDocuments(page, TITLES, 'reader');
    await button(page, '同意继续').click();

    await visible(heading(page, '上传资料'));
    expect(await button(page, '下一步：人脸识别').isDisabled()).toBe(true);
    await takePhoto(page, '身份证正面照片', 'camera-id');
    await takePhoto(page, '身份证反面照片');
    await drawSignature(page, '电子签名', 'signature');
    await visible(page.getByText('已上传').nth(2));
    await shot(page, 'photos');
    expect(await phoneLayoutProblems(page)).toEqual([]);
    await button(page, '下一步：人脸识别').click();
    // 签署 with a key made on the phone comes before the second 人脸识别 (signing.test.ts checks it in detail)
    await signOnPhone(page, '再次人脸识别');

    // a reload resumes at the first unfinished step
    await page.reload();
    await visible(heading(page, '再次人脸识别'));

    const { notary, detail } = await notaryCase(world, contract.businessNo);
    const ev = detail.applications[0].evidence;
    expect(ev.consent.accepted).toBe(true);
    expect(ev.first.passed).toBe(true);
    expect(ev.first.challenge).toBe('blink');
    expect(ev.agreed.documents.map((d: any) => d.title)).toEqual(TITLES);
    for (const k of ['id_front', 'id_back', 'signature']) expect(ev.photos[k].accepted).toBe(true);
    expect(ev.photos.id_front.match.match).toBe(true);
    // the evidence files are the ones the phone sent: a JPEG from the camera, a PNG from the pad
    const front = await notary.get(`/api/notary/cases/${detail.id}/files/${ev.photos.id_front.sha256}`);
    expect(front.status).toBe(200);
    expect(front.raw.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    const sig = await notary.get(`/api/notary/cases/${detail.id}/files/${ev.photos.signature.sha256}`);
    expect(sig.raw.subarray(1, 4).toString()).toBe('PNG');
  }, 600_000); // each face check is judged in about a minute when the two cores are shared

  it('refuses a different face at the second 人脸识别', async () => {
    const { buyer, contract } = await buyerAt('再次人脸识别');
    const page = await resumeOnNewPhone(cameraB, buyer.phone);
    await visible(heading(page, '再次人脸识别'));
    const refusal = await faceRecognition(page, { stop: /不是同一个人/ });
    // what the buyer reads: what happened and what to do, in the app's language (no server English)
    expect(refusal).toBe('人脸识别未通过：与第一次人脸识别的不是同一个人：再次人脸识别须由申请人本人完成');
    await shot(page, 'face-refused');
    // still there, nothing submitted
    await visible(heading(page, '再次人脸识别'));
    const { detail } = await notaryCase(world, contract.businessNo);
    expect(detail.status).not.toBe('待审核');
    const attempts = detail.applications[0].evidence.faceAttempts as any[];
    expect(attempts.some((a) => a.stage === 'second' && !a.passed && a.reason === 'different-person')).toBe(true);
  }, 420_000);

  it("the buyer's own face passes: 申请成功, 完成，返回首页, 我的 shows 待审核, the notary sees the case 待审核", async () => {
    const { buyer, contract } = await buyerAt('再次人脸识别');
    const page = await resumeOnNewPhone(cameraA, buyer.phone);
    await visible(heading(page, '再次人脸识别'));
    expect(await faceRecognition(page)).toBeNull();
    await visible(page.getByText('申请成功', { exact: true }), 30_000);
    await shot(page, 'success');
    await button(page, '完成，返回首页').click();
    await visible(button(page, '一手房签约公证'));

    await page.getByText('我的', { exact: true }).last().click();
    const card = page.getByRole('region', { name: `${contract.businessNo} 待审核` });
    await visible(card);
    await visible(page.getByRole('switch', { name: '订阅消息' }));
    await shot(page, 'mine');
    expect(await phoneLayoutProblems(page)).toEqual([]);
    // 订阅消息: the app asks the server for its VAPID key; headless Chromium has no vendor push
    // service, so the browser may refuse — then the page says where results show instead
    const keyAsked = page.waitForResponse((r) => r.url().endsWith('/api/buyer/push/key') && r.status() === 200);
    await page.getByRole('switch', { name: '订阅消息' }).click();
    await keyAsked;
    await expect
      .poll(
        async () =>
          (await page.getByRole('alert').filter({ hasText: '审批结果请在「我的」查看' }).count()) > 0 ||
          (await page.getByRole('switch', { name: '订阅消息' }).getAttribute('aria-checked')) === 'true',
        { timeout: 15_000 },
      )
      .toBe(true);

    const { detail } = await caseWaitingForNotary(world, contract.businessNo);
    expect(detail.status).toBe('待审核');
    const app = detail.applications[0];
    expect(app.status).toBe('待审核');
    expect(app.route).toBe('face');
    const ev = app.evidence;
    expect(ev.second.passed).toBe(true);
    expect(ev.second.match.match).toBe(true);
  }, 420_000);

  it('待补正: the notary asks for a new ID front photo; 我的 shows it, 去补正 redoes just that and 人脸识别, then 申请成功 again', async () => {
    const { contract, api } = await buyerAt('申请成功');
    phone = await launchPhone({ camera: cameraA, baseURL: world.url });
    await shareSession(phone.context, api, world.url);
    const { page } = phone;
    await page.goto('/m/mine');
    await visible(page.getByRole('region', { name: `${contract.businessNo} 待审核` }));

    // the notary asks for a supplement while 我的 is open: the page updates by itself (SSE)
    const { notary, detail } = await caseWaitingForNotary(world, contract.businessNo);
    expectOk(
      await notary.post(`/api/notary/cases/${detail.id}/supplement`, {
        applicationId: detail.applications[0].id,
        items: ['id_front', 'second_verification'],
        note: '身份证正面照片反光，请重新拍摄',
      }),
      '需补正',
    );

    const card = page.getByRole('region', { name: `${contract.businessNo} 待补正` });
    await visible(card);
    await visible(card.getByText('身份证正面照片反光，请重新拍摄', { exact: false }));
    await visible(card.getByText('身份证明文件正面照片、再次人脸识别', { exact: false }));
    await shot(page, 'supplement');
    expect(await phoneLayoutProblems(page)).toEqual([]);
    await button(card, '去补正').click();

    await visible(heading(page, '上传资料'));
    await visible(page.getByText('公证处要求补正', { exact: false }));
    // only what the notary named can be redone
    expect(await page.getByRole('button', { name: '拍摄身份证反面照片' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '签署电子签名' }).isDisabled()).toBe(true);
    await takePhoto(page, '身份证正面照片');
    await button(page, '下一步：人脸识别').click();
    await visible(heading(page, '再次人脸识别'));
    expect(await faceRecognition(page)).toBeNull();
    await visible(page.getByText('申请成功', { exact: true }), 30_000);

    const again = expectOk(await notary.get(`/api/notary/cases/${detail.id}`), '案件页面');
    expect(again.status).toBe('待审核');
    expect(again.applications[0].status).toBe('待审核');
    expect(again.applications[0].supplement.done).toEqual(expect.arrayContaining(['id_front', 'second_verification']));
  }, 420_000);

  it('已通过: once the notary approves, 我的 shows the certificate number and 查看公证书 gives the signed PDF', async () => {
    const { contract, api } = await buyerAt('申请成功');
    phone = await launchPhone({ baseURL: world.url });
    await shareSession(phone.context, api, world.url);
    const { page } = phone;
    await page.goto('/m/mine');
    await visible(page.getByRole('region', { name: `${contract.businessNo} 待审核` }));
    const { notary, detail } = await caseWaitingForNotary(world, contract.businessNo);
    const approved = expectOk(await notary.post(`/api/notary/cases/${detail.id}/approve`), '审核通过');
    const card = page.getByRole('region', { name: `${contract.businessNo} 已通过` });
    await visible(card, 30_000);
    await visible(card.getByText(approved.certificateNumber, { exact: false }));
    await shot(page, 'approved');
    const href = await card.getByRole('link', { name: '查看公证书' }).getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  }, 420_000);
});
