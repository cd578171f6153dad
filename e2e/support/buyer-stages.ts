// Issue 10: every browser test starts from its own contract and application. These bring a buyer
// through the API (the server-side walk steps of apps/server/src/demo/walk) to the page before the
// one a test is about, as the phone would have left it; the test then does that page in the browser.
import { fixture } from '@netsign/face/testing/fixtures';
import type { NodeFaceEngine } from '@netsign/face/node';
import type { BrowserContext } from 'playwright-core';
import type { ApiClient } from '../../apps/server/src/testing/http-client';
import { multipartBody } from '../../apps/server/src/testing/http-client';
import { claimWithConsent, sendIdentityDocument } from '../../apps/server/src/testing/buyer-session';
import {
  faceCheck,
  photo,
  readAndAgree,
  signDocuments,
  type BuyerWalk,
} from '../../apps/server/src/demo/walk/buyer-steps';
import { evidenceVideoWebm, signaturePng } from '../../apps/server/src/demo/walk/media';
import { idCardPng } from '../../apps/server/src/demo/demo-images';
import { SMITH_PASSPORT_MRZ } from '../../apps/server/src/demo/demo-accounts';
import { DEMO_BUYERS, expectOk, type MobileWorld } from './mobile-world';

const [zhang, smith] = DEMO_BUYERS;

let issued = 0;
/** one 15-second WebM serves every buyer of the file (ffmpeg makes it) */
let evidenceVideo: Promise<Buffer> | undefined;
/**
 * A demo buyer with a phone number of its own (same name and document): its sign-in needs no
 * resend wait and its 我的 lists only the application the test made.
 */
export function withOwnPhone<B extends { phone: string }>(buyer: B): Omit<B, 'phone'> & { phone: string } {
  issued += 1;
  return { ...buyer, phone: `${buyer.phone.slice(0, -3)}${100 + issued}` };
}

/** A buyer signed in through the API with the code from the outbox (the resend wait moved past on the clock). */
export async function signedInBuyer(world: MobileWorld, phone: string): Promise<ApiClient> {
  const api = world.api();
  const before = await world.smsCount(phone);
  if (before) await world.clock.advance(2 ** (before - 1) * 60_000 + 1_000);
  expectOk(await api.post('/api/buyer/otp', { phone }), '获取验证码');
  expectOk(await api.post('/api/buyer/login', { phone, code: await world.smsCode(phone, before) }), '登录');
  return api;
}

function walkOf(world: MobileWorld, api: ApiClient, token: string, portrait: Buffer, engine?: NodeFaceEngine) {
  // the face engine is only needed to perform a face check's action
  return {
    api,
    engine,
    token,
    portrait,
    phone: '',
    buyerIndex: 0,
    seed: 1,
    advance: (ms: number) => world.clock.advance(ms),
  } as BuyerWalk;
}

/**
 * SMITH (passport, document + video route) on a one-buyer contract, through the API up to the
 * page `at`: 上传资料 (document checked, four documents read), 签署文件 (the three pictures a
 * passport takes), 佐证视频 (signed), 申请成功 (video sent, submitted). Returns the application id.
 */
export async function passportBuyerAt(
  world: MobileWorld,
  api: ApiClient,
  token: string,
  at: '上传资料' | '签署文件' | '佐证视频' | '申请成功',
) {
  const w = walkOf(world, api, token, fixture('b1'));
  const id = await claimWithConsent(api, token, 0);
  const page = fixture('passportB');
  expectOk(
    await sendIdentityDocument(api, id, {
      kind: 'PASSPORT',
      number: smith.idNumber,
      name: smith.name,
      mrz: SMITH_PASSPORT_MRZ,
      photoPage: page,
    }),
    '录入身份证明文件',
  );
  await readAndAgree(w, id);
  if (at === '上传资料') return id;
  // a passport has its photo page only, no back
  expectOk(await photo(w, id, 'id_front', page, 'image/png'), '证件照片页');
  expectOk(await photo(w, id, 'handheld', fixture('b1')), '手持身份证正面照片');
  expectOk(await photo(w, id, 'signature', await signaturePng(5), 'image/png'), '电子签名图片');
  if (at === '签署文件') return id;
  await signDocuments(w, id);
  if (at === '佐证视频') return id;
  const text = expectOk(await api.post(`/api/buyer/applications/${id}/video/text`), '录制视频');
  // a frame the page captured while recording: the buyer facing the camera (one is enough to compare)
  expectOk(
    await api.post(`/api/buyer/applications/${id}/video/frames`, {
      textId: text.id,
      frames: [fixture('b1').toString('base64')],
    }),
    '录制中的画面',
  );
  const video = await (evidenceVideo ??= evidenceVideoWebm(15));
  await world.clock.advance(15_500); // the fifteen seconds of reading aloud
  const mp = multipartBody({}, { name: 'evidence.webm', type: 'video/webm', data: video });
  expectOk(
    await api.request('POST', `/api/buyer/applications/${id}/video?textId=${text.id}`, mp.body, mp.headers),
    '提交视频',
  );
  expectOk(await api.post(`/api/buyer/applications/${id}/submit`), '提交资料，完成');
  return id;
}

/**
 * 张明 (face route) on a one-buyer contract, through the API up to 再次人脸识别 (first face check,
 * documents read, ID photos and signature, 签署) or 申请成功 (second face check, submitted).
 * The face checks perform the server's action with `engine`, as the walk does.
 */
export async function mainlandBuyerAt(
  world: MobileWorld,
  engine: NodeFaceEngine,
  api: ApiClient,
  token: string,
  at: '再次人脸识别' | '申请成功',
) {
  const w = walkOf(world, api, token, fixture('a1'), engine);
  const id = await claimWithConsent(api, token, 0);
  expectOk(await faceCheck(w, id, 'first'), '首次人脸识别');
  await readAndAgree(w, id);
  expectOk(await photo(w, id, 'id_front', fixture('idCardA'), 'image/png'), '身份证正面');
  expectOk(await photo(w, id, 'id_back', await idCardPng('back', zhang.name, ''), 'image/png'), '身份证反面');
  expectOk(await photo(w, id, 'signature', await signaturePng(1), 'image/png'), '电子签名');
  await signDocuments(w, id);
  if (at === '再次人脸识别') return id;
  expectOk(await faceCheck(w, id, 'second'), '再次人脸识别');
  expectOk(await api.post(`/api/buyer/applications/${id}/submit`), '提交');
  return id;
}

/** The phone uses the buyer's API session (its cookie): the app opens signed in, as after 登录. */
export async function shareSession(context: BrowserContext, api: ApiClient, url: string) {
  const eq = api.cookie.indexOf('=');
  await context.addCookies([{ name: api.cookie.slice(0, eq), value: api.cookie.slice(eq + 1), url }]);
}
