import type { NodeFaceEngine } from '@netsign/face/node';
import { synthesizeChallenge, stillSeries } from '@netsign/face/testing/synthesize-challenge';
import type { ApiClient } from '../../testing/http-client';
import { multipartBody } from '../../testing/http-client';
import { createCertificationRequest } from '@netsign/documents';
import { ZApplicationView } from '@netsign/api';
import { expectOk } from './expect';
import { signaturePng, documentBackPng, evidenceVideoWebm } from './media';

const b64 = (frames: Buffer[]) => frames.map((f) => f.toString('base64'));

export interface BuyerWalk {
  api: ApiClient;
  engine: NodeFaceEngine;
  phone: string;
  /** the QR link's token */
  token: string;
  buyerIndex: number;
  /** a photo of the buyer, the "live camera" */
  portrait: Buffer;
  /** lets time pass: a real wait over HTTP, a clock move in tests */
  advance: (ms: number) => Promise<void>;
  seed?: number;
  /** the sign-in code the buyer's phone received; default: the developer outbox (/api/dev/outbox) */
  smsCode?: (phone: string) => Promise<string>;
}

async function devOutboxCode(w: BuyerWalk) {
  const outbox = expectOk(await w.api.get(`/api/dev/outbox?to=${encodeURIComponent(w.phone)}`), '读取本地短信发件箱');
  const code = /验证码为 (\d{6})/.exec(outbox[0]?.body ?? '')?.[1];
  if (!code) throw new Error('本地发件箱中没有验证码');
  return code;
}

/** 一手房签约公证 → 立即扫码 → sign in by SMS code → 选中购买人 (本人) → consent. */
export async function signInAndClaim(w: BuyerWalk, consent = true) {
  expectOk(await w.api.post('/api/buyer/otp', { phone: w.phone }), '获取验证码');
  const code = w.smsCode ? await w.smsCode(w.phone) : await devOutboxCode(w);
  expectOk(await w.api.post('/api/buyer/login', { phone: w.phone, code }), '验证码登录');
  expectOk(await w.api.get(`/api/buyer/cases/${w.token}`), '打开在线公证页面');
  const app = expectOk(
    await w.api.post('/api/buyer/claim', { token: w.token, buyerIndex: w.buyerIndex }),
    '选中购买人',
  );
  const text = expectOk(await w.api.get('/api/buyer/consent-text'), '同意书');
  expectOk(
    await w.api.post(`/api/buyer/applications/${app.id}/consent`, { accepted: consent, textVersion: text.version }),
    '单独同意',
  );
  return app.id as string;
}

/** 人脸识别: the server's challenge, performed by the "camera". */
export async function faceCheck(w: BuyerWalk, id: string, stage: 'first' | 'second', portrait = w.portrait) {
  const made = new Map<string, Buffer[]>();
  for (let attempt = 1; ; attempt++) {
    const ch = expectOk(
      await w.api.post(`/api/buyer/applications/${id}/face/challenge`, { stage }),
      `人脸识别（${stage}）`,
    );
    if (!made.has(ch.action))
      made.set(
        ch.action,
        await synthesizeChallenge(w.engine, portrait, ch.action, {
          seed: (w.seed ?? 1) + (stage === 'first' ? 0 : 50),
        }),
      );
    const r = await w.api.post(`/api/buyer/applications/${id}/face/frames`, {
      challengeId: ch.id,
      frames: b64(made.get(ch.action)!),
    });
    // making the frames can outlast the challenge on a busy machine: 重新识别, as a person would
    if (r.status === 409 && r.body?.code === 'CHALLENGE_EXPIRED' && attempt < 3) continue;
    return r;
  }
}

/** Reads every page of the four documents, then 同意继续. */
export async function readAndAgree(w: BuyerWalk, id: string) {
  const app = expectOk(await w.api.get(`/api/buyer/applications/${id}`), '申请详情', ZApplicationView);
  for (const d of app.documents) {
    expectOk(
      await w.api.post(`/api/buyer/applications/${id}/documents/${d.id}/read`, {
        pages: Array.from({ length: d.pages }, (_, i) => i + 1),
      }),
      `阅读《${d.title}》`,
    );
  }
  return expectOk(
    await w.api.post(`/api/buyer/applications/${id}/agree`, {
      documents: app.documents.map((d) => ({ id: d.id, version: d.version })),
    }),
    '同意继续',
  );
}

/**
 * 签署 (after the signature picture) with a key only this "phone" holds: a non-extractable WebCrypto key, a certificate request,
 * then the signed attributes of the e-contract, 申请表 and 告知 signed on the device.
 */
export async function signDocuments(w: BuyerWalk, id: string) {
  const app = expectOk(await w.api.get(`/api/buyer/applications/${id}`), '申请详情', ZApplicationView);
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const csr = Buffer.from(await createCertificationRequest(keys, app.buyerName)).toString('base64');
  expectOk(await w.api.post(`/api/buyer/applications/${id}/signing/certificate`, { csr }), '申请签名证书');
  const p = expectOk(await w.api.post(`/api/buyer/applications/${id}/signing/prepare`, {}), '准备签署');
  const signatures = await Promise.all(
    p.documents.map(async (d: { documentId: string; signedAttributes: string }) => ({
      documentId: d.documentId,
      signature: Buffer.from(
        await crypto.subtle.sign(
          { name: 'ECDSA', hash: 'SHA-256' },
          keys.privateKey,
          Buffer.from(d.signedAttributes, 'base64'),
        ),
      ).toString('base64'),
    })),
  );
  return expectOk(
    await w.api.post(`/api/buyer/applications/${id}/signing/complete`, { requestId: p.requestId, signatures }),
    '签署',
  );
}

/** Takes a photo "with the camera": a fresh capture token, then the upload. */
export async function photo(w: BuyerWalk, id: string, kind: string, data: Buffer, type = 'image/jpeg') {
  const { token } = expectOk(await w.api.post(`/api/buyer/applications/${id}/captures`), '打开相机');
  const mp = multipartBody({}, { name: `${kind}.jpg`, type, data });
  return w.api.request('POST', `/api/buyer/applications/${id}/photos/${kind}`, mp.body, {
    ...mp.headers,
    'x-capture-token': token,
  });
}

/** Manual 4.1: a mainland buyer from the QR to 申请成功. */
export async function walkMainlandBuyer(w: BuyerWalk, idCard: { front: Buffer; back: Buffer }) {
  const id = await signInAndClaim(w);
  expectOk(await faceCheck(w, id, 'first'), '首次人脸识别');
  await readAndAgree(w, id);
  expectOk(await photo(w, id, 'id_front', idCard.front, 'image/png'), '身份证正面');
  expectOk(await photo(w, id, 'id_back', idCard.back, 'image/png'), '身份证反面');
  expectOk(await photo(w, id, 'signature', await signaturePng(w.seed), 'image/png'), '电子签名');
  await signDocuments(w, id);
  expectOk(await faceCheck(w, id, 'second'), '再次人脸识别');
  return expectOk(await w.api.post(`/api/buyer/applications/${id}/submit`), '提交');
}

/** Manual 4.2: a non-mainland buyer: travel document, documents, photos, 佐证视频. */
export async function walkNonMainlandBuyer(
  w: BuyerWalk,
  doc: { kind: string; number: string; name: string; mrz?: string[]; photoPage: Buffer },
) {
  const id = await signInAndClaim(w);
  const { token } = expectOk(await w.api.post(`/api/buyer/applications/${id}/captures`), '打开相机');
  const fields: Record<string, string> = { kind: doc.kind, number: doc.number, name: doc.name };
  if (doc.mrz) fields.mrz = doc.mrz.join('\n');
  const mp = multipartBody(fields, { name: 'page.png', type: 'image/png', data: doc.photoPage });
  expectOk(
    await w.api.request('POST', `/api/buyer/applications/${id}/identity-document`, mp.body, {
      ...mp.headers,
      'x-capture-token': token,
    }),
    '录入身份证明文件',
  );
  await readAndAgree(w, id);
  expectOk(await photo(w, id, 'id_front', doc.photoPage, 'image/png'), '身份证明文件正面');
  expectOk(await photo(w, id, 'id_back', await documentBackPng('身份证明文件背面'), 'image/png'), '身份证明文件反面');
  expectOk(await photo(w, id, 'handheld', w.portrait), '手持身份证正面照片');
  expectOk(await photo(w, id, 'signature', await signaturePng((w.seed ?? 1) + 3), 'image/png'), '电子签名图片');
  await signDocuments(w, id);
  const text = expectOk(await w.api.post(`/api/buyer/applications/${id}/video/text`), '录制视频');
  const frames = await stillSeries(w.engine, w.portrait, 4, w.seed ?? 3);
  expectOk(
    await w.api.post(`/api/buyer/applications/${id}/video/frames`, { textId: text.id, frames: b64(frames) }),
    '录制中的画面',
  );
  const video = await evidenceVideoWebm(15);
  await w.advance(15_500); // 开始录制 … 结束录制: fifteen seconds of reading aloud
  const vp = multipartBody({}, { name: 'evidence.webm', type: 'video/webm', data: video });
  expectOk(
    await w.api.request('POST', `/api/buyer/applications/${id}/video?textId=${text.id}`, vp.body, vp.headers),
    '提交视频',
  );
  return expectOk(await w.api.post(`/api/buyer/applications/${id}/submit`), '提交资料，完成');
}
