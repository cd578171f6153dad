import type { NodeFaceEngine } from '@netsign/face/node';
import { fixture } from '@netsign/face/testing/fixtures';
import type { ApiClient } from './http-client';
import { multipartBody } from './http-client';
import type { DemoWorld } from './world';
import { DEMO_BUYERS } from '../demo/demo-accounts';
import { faceCheck, readAndAgree, photo, signDocuments, type BuyerWalk } from '../demo/walk/buyer-steps';
import { signaturePng, documentBackPng } from '../demo/walk/media';
import { idCardPng } from '../demo/demo-images';
import { expectOk } from '../demo/walk/expect';

/**
 * Buyers for tests that walk many cases: each phone signs in once by SMS code (one code a minute
 * per phone) and keeps its session, then claims entry after entry.
 */
export async function signInBuyer(w: DemoWorld, phone: string): Promise<ApiClient> {
  const api = w.client();
  expectOk(await api.post('/api/buyer/otp', { phone }), '获取验证码');
  const outbox = expectOk(await api.get(`/api/dev/outbox?to=${encodeURIComponent(phone)}`), '发件箱') as {
    body: string;
  }[];
  const code = outbox.map((m) => /验证码为 (\d{6})/.exec(m.body)?.[1]).find(Boolean);
  if (!code) throw new Error(`本地发件箱中没有 ${phone} 的验证码`);
  expectOk(await api.post('/api/buyer/login', { phone, code }), '验证码登录');
  return api;
}

/** 选中购买人 then the separate consent (accepted or refused); returns the application id. */
export async function claimWithConsent(
  api: ApiClient,
  token: string,
  buyerIndex = 0,
  accepted = true,
): Promise<string> {
  const app = expectOk(await api.post('/api/buyer/claim', { token, buyerIndex }), '选中购买人');
  const text = expectOk(await api.get('/api/buyer/consent-text'), '同意书');
  expectOk(
    await api.post(`/api/buyer/applications/${app.id}/consent`, { accepted, textVersion: text.version }),
    '单独同意',
  );
  return app.id;
}

export function buyerWalk(
  w: DemoWorld,
  engine: NodeFaceEngine,
  api: ApiClient,
  token: string,
  o: { buyerIndex?: number; portrait?: Buffer; seed?: number; phone?: string } = {},
): BuyerWalk {
  return {
    api,
    engine,
    token,
    phone: o.phone ?? DEMO_BUYERS[0].phone,
    buyerIndex: o.buyerIndex ?? 0,
    portrait: o.portrait ?? fixture('a1'),
    seed: o.seed ?? 1,
    advance: (ms) => w.clock.advance(ms),
  };
}

/** Manual 4.1 for 张明 (person-a) with a signed-in client, up to 申请成功; returns the application id. */
export async function submitMainland(
  w: DemoWorld,
  engine: NodeFaceEngine,
  api: ApiClient,
  token: string,
  o: { buyerIndex?: number; seed?: number } = {},
) {
  const bw = buyerWalk(w, engine, api, token, { ...o, portrait: fixture('a1') });
  const id = await claimWithConsent(api, token, bw.buyerIndex);
  expectOk(await faceCheck(bw, id, 'first'), '首次人脸识别');
  await readAndAgree(bw, id);
  expectOk(await photo(bw, id, 'id_front', fixture('idCardA'), 'image/png'), '身份证正面');
  expectOk(await photo(bw, id, 'id_back', await idCardPng('back', DEMO_BUYERS[0].name, ''), 'image/png'), '身份证反面');
  expectOk(await photo(bw, id, 'signature', await signaturePng(bw.seed), 'image/png'), '电子签名');
  await signDocuments(bw, id);
  expectOk(await faceCheck(bw, id, 'second'), '再次人脸识别');
  expectOk(await api.post(`/api/buyer/applications/${id}/submit`), '提交');
  return id;
}

/** Sends the travel document's fields and photo page with a fresh capture token. */
export async function sendIdentityDocument(
  api: ApiClient,
  id: string,
  doc: { kind: string; number: string; name: string; mrz?: string[]; photoPage: Buffer },
) {
  const { token } = expectOk(await api.post(`/api/buyer/applications/${id}/captures`), '打开相机');
  const fields: Record<string, string> = { kind: doc.kind, number: doc.number, name: doc.name };
  if (doc.mrz) fields.mrz = doc.mrz.join('\n');
  const mp = multipartBody(fields, { name: 'page.png', type: 'image/png', data: doc.photoPage });
  return api.request('POST', `/api/buyer/applications/${id}/identity-document`, mp.body, {
    ...mp.headers,
    'x-capture-token': token,
  });
}

/** Manual 4.2 for SMITH (person-b) up to the evidence video: document, documents read, photos, 签署. */
export async function nonMainlandUpToVideo(
  w: DemoWorld,
  engine: NodeFaceEngine,
  api: ApiClient,
  token: string,
  doc: { kind: string; number: string; name: string; mrz?: string[] },
  o: { buyerIndex?: number; seed?: number } = {},
) {
  const bw = buyerWalk(w, engine, api, token, { ...o, portrait: fixture('b1'), phone: DEMO_BUYERS[1].phone });
  const id = await claimWithConsent(api, token, bw.buyerIndex);
  expectOk(await sendIdentityDocument(api, id, { ...doc, photoPage: fixture('passportB') }), '录入身份证明文件');
  await readAndAgree(bw, id);
  expectOk(await photo(bw, id, 'id_front', fixture('passportB'), 'image/png'), '身份证明文件正面');
  expectOk(await photo(bw, id, 'id_back', await documentBackPng('身份证明文件背面'), 'image/png'), '身份证明文件反面');
  expectOk(await photo(bw, id, 'handheld', fixture('b1')), '手持身份证正面照片');
  expectOk(await photo(bw, id, 'signature', await signaturePng(bw.seed! + 3), 'image/png'), '电子签名图片');
  await signDocuments(bw, id);
  return id;
}
