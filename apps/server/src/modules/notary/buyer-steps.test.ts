import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import { synthesizeChallenge, stillSeries } from '@netsign/face/testing/synthesize-challenge';
import { fixture } from '@netsign/face/testing/fixtures';
import { demoWorld, type DemoWorld } from '../../testing/world';
import type { ApiClient } from '../../testing/http-client';
import { multipartBody } from '../../testing/http-client';
import { DEMO_BUYERS } from '../../demo/demo-accounts';
import { faceCheck, readAndAgree, photo, signDocuments, type BuyerWalk } from '../../demo/walk/buyer-steps';
import { signaturePng } from '../../demo/walk/media';
import { idCardPng } from '../../demo/demo-images';
import { expectOk } from '../../demo/walk/expect';
import { buyerApplications, caseDocuments } from './tables';

// Manual 4.1 (mainland buyer), step by step, and every rule that stops a buyer on the way.
const [ZHANG, SMITH] = DEMO_BUYERS;
const b64 = (frames: Buffer[]) => frames.map((f) => f.toString('base64'));

describe("a buyer's steps (manual 4.1)", () => {
  let w: DemoWorld;
  let engine: NodeFaceEngine;
  let zhang: ApiClient;
  let smith: ApiClient;
  let stranger: ApiClient;
  let c1: { id: string; token: string; businessNo: string };
  let appId: string; // 张明's application on c1, walked step by step below

  const walkOf = (
    api: ApiClient,
    token: string,
    portrait: Buffer,
    seed: number,
    phone = ZHANG.phone,
    buyerIndex = 0,
  ): BuyerWalk => ({ api, engine, phone, token, buyerIndex, portrait, advance: (ms) => w.clock.advance(ms), seed });
  const stored = async (id: string) =>
    (await w.server.ctx.db.select().from(buyerApplications).where(eq(buyerApplications.id, id)))[0];

  /** Signs a buyer in once by SMS code; the session is kept for every case. */
  async function signIn(phone: string) {
    const api = w.client();
    expectOk(await api.post('/api/buyer/otp', { phone }), '获取验证码');
    const outbox = expectOk(await api.get(`/api/dev/outbox?to=${encodeURIComponent(phone)}`), '发件箱') as {
      body: string;
    }[];
    const code = outbox.map((m) => /验证码为 (\d{6})/.exec(m.body)?.[1]).find(Boolean);
    expectOk(await api.post('/api/buyer/login', { phone, code }), '验证码登录');
    return api;
  }
  const claim = (api: ApiClient, token: string, buyerIndex = 0) => api.post('/api/buyer/claim', { token, buyerIndex });
  async function consent(api: ApiClient, id: string, accepted: boolean) {
    const text = expectOk(await api.get('/api/buyer/consent-text'), '同意书');
    return api.post(`/api/buyer/applications/${id}/consent`, { accepted, textVersion: text.version });
  }
  async function challengeAndSend(
    api: ApiClient,
    id: string,
    stage: 'first' | 'second',
    frames: (action: string) => Promise<Buffer[]>,
  ) {
    const ch = expectOk(await api.post(`/api/buyer/applications/${id}/face/challenge`, { stage }), '人脸识别');
    return api.post(`/api/buyer/applications/${id}/face/frames`, {
      challengeId: ch.id,
      frames: b64(await frames(ch.action)),
    });
  }
  const upload = (api: ApiClient, id: string, kind: string, data: Buffer, token?: string) => {
    const mp = multipartBody({}, { name: `${kind}.png`, type: 'image/png', data });
    return api.request('POST', `/api/buyer/applications/${id}/photos/${kind}`, mp.body, {
      ...mp.headers,
      ...(token ? { 'x-capture-token': token } : {}),
    });
  };
  const captureToken = async (api: ApiClient, id: string) =>
    expectOk(await api.post(`/api/buyer/applications/${id}/captures`), '打开相机').token as string;

  beforeAll(async () => {
    [w, engine] = await Promise.all([demoWorld(), createFaceEngine()]);
    c1 = await w.pushedContract([ZHANG]);
    // sign-in codes go only to buyers of pushed contracts: the stranger buys another unit, and
    // SMITH signs in once the contract naming him is pushed (with two buyers, below)
    await w.pushedContract([{ ...ZHANG, name: '王五', idNumber: '442000198505051234', phone: '13900000099' }]);
    [zhang, stranger] = await Promise.all([signIn(ZHANG.phone), signIn('13900000099')]);
  });
  afterAll(async () => {
    engine?.dispose();
    await w?.close();
  });

  it("filters the inbox by one of the case machine's states: an unknown status is a 400 naming the field", async () => {
    const r = await w.notary.get(`/api/notary/cases?status=${encodeURIComponent('已签收')}`);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.violations.map((v: { field: string }) => v.field)).toEqual(['status']);
  });

  it('opens the case from the QR token with buyers masked; an unknown token is 404 QR_INVALID', async () => {
    const open = await zhang.get(`/api/buyer/cases/${c1.token}`);
    expect(open.status).toBe(200);
    expect(open.body.buyers).toEqual([
      expect.objectContaining({ buyerIndex: 0, name: '张*', phone: '138****0001', status: '待核验' }),
    ]);
    const r = await zhang.get(`/api/buyer/cases/${'x'.repeat(43)}`);
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('QR_INVALID');
    expect(r.body.message).toContain('二维码无效');
    expect((await claim(zhang, 'y'.repeat(43))).status).toBe(404);
  });

  it("refuses a buyer whose phone is not the contract buyer's (403 NOT_THIS_BUYER) and leaves the entry unclaimed", async () => {
    const r = await claim(stranger, c1.token);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('NOT_THIS_BUYER');
    expect(r.body.message).toContain('手机号');
    const [row] = await w.server.ctx.db
      .select()
      .from(buyerApplications)
      .where(eq(buyerApplications.buyerPhone, ZHANG.phone));
    expect(row.claimedBy).toBeNull();
    expect((await stranger.get('/api/buyer/applications')).body.map((a: any) => a.businessNo)).not.toContain(
      c1.businessNo,
    );
  });

  it('lets the buyer claim their own entry; no face challenge before the separate consent (409 CONSENT_REQUIRED)', async () => {
    const r = await claim(zhang, c1.token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: '待核验', route: 'face', consent: null });
    appId = r.body.id;
    const ch = await zhang.post(`/api/buyer/applications/${appId}/face/challenge`, { stage: 'first' });
    expect(ch.status).toBe(409);
    expect(ch.body.code).toBe('CONSENT_REQUIRED');
    expect((await stored(appId)).steps).not.toHaveProperty('challenge');
    expect((await consent(zhang, appId, true)).status).toBe(200);
  });

  it('fails a still photo held to the camera (422 FACE_VERIFICATION_FAILED): still 待核验, the attempt recorded, no reference', async () => {
    const r = await challengeAndSend(zhang, appId, 'first', () => stillSeries(engine, fixture('a1'), 10, 11));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('FACE_VERIFICATION_FAILED');
    expect(r.body.message).toContain('人脸识别未通过');
    const row = await stored(appId);
    expect(row.status).toBe('待核验');
    const steps = row.steps as any;
    expect(steps.faceAttempts).toEqual([expect.objectContaining({ stage: 'first', passed: false })]);
    expect(steps.faceAttempts[0].reason).toBeTruthy();
    expect(steps.first).toBeUndefined();
    expect(steps.reference).toBeUndefined();
  });

  it('fails the same frame sent repeatedly, even in a series that performs the action', async () => {
    // one frame over and over
    const r1 = await challengeAndSend(zhang, appId, 'first', async (action) => {
      const frames = await synthesizeChallenge(engine, fixture('a1'), action as any, { seed: 21 });
      return frames.map(() => frames[Math.floor(frames.length / 2)]);
    });
    expect(r1.status).toBe(422);
    expect(r1.body.code).toBe('FACE_VERIFICATION_FAILED');
    // a real action series with every frame sent twice: the action is there, the replay too
    const r2 = await challengeAndSend(zhang, appId, 'first', async (action) =>
      (await synthesizeChallenge(engine, fixture('a1'), action as any, { seed: 22 })).flatMap((f) => [f, f]),
    );
    expect(r2.status).toBe(422);
    expect(r2.body.code).toBe('FACE_VERIFICATION_FAILED');
    expect(r2.body.message).toContain('同一画面被重复提交');
    const row = await stored(appId);
    expect(row.status).toBe('待核验');
    expect((row.steps as any).faceAttempts.map((a: any) => a.passed)).toEqual([false, false, false]);
  }, 240_000); // two synthesized series and 60 frames through the face pool: minutes on a busy 2-core machine

  it('answers a challenge only while it is fresh and current: 2 minutes (CHALLENGE_EXPIRED), a superseded one CHALLENGE_UNKNOWN', async () => {
    const frames = b64([fixture('a1'), fixture('a2'), fixture('a1'), fixture('a2'), fixture('a1')]);
    const ch = expectOk(
      await zhang.post(`/api/buyer/applications/${appId}/face/challenge`, { stage: 'first' }),
      '人脸识别',
    );
    await w.clock.advance(2 * 60_000 + 1_000);
    const late = await zhang.post(`/api/buyer/applications/${appId}/face/frames`, { challengeId: ch.id, frames });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CHALLENGE_EXPIRED');
    expectOk(await zhang.post(`/api/buyer/applications/${appId}/face/challenge`, { stage: 'first' }), '重新开始');
    const old = await zhang.post(`/api/buyer/applications/${appId}/face/frames`, { challengeId: ch.id, frames });
    expect(old.status).toBe(409);
    expect(old.body.code).toBe('CHALLENGE_UNKNOWN');
    // neither counted as an attempt, nor made a reference
    const steps = (await stored(appId)).steps as any;
    expect(steps.faceAttempts).toHaveLength(3);
    expect(steps.reference).toBeUndefined();
  });

  it('passes the first verification with a live action: 已核验, the live face becomes the reference', async () => {
    const r = await faceCheck(walkOf(zhang, c1.token, fixture('a1'), 3), appId, 'first');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ passed: true, stage: 'first' });
    expect(r.body.application.status).toBe('已核验');
    const steps = (await stored(appId)).steps as any;
    expect(steps.reference.source).toBe('live');
    expect(steps.reference.embedding.length).toBeGreaterThan(100);
    expect(steps.first.frameFiles).toHaveLength(10);
    // never shown to the buyer
    expect(JSON.stringify(r.body)).not.toContain('embedding');
  });

  it('refuses 同意继续 before every page of all four documents was read (409 DOCUMENTS_UNREAD naming them)', async () => {
    const app = expectOk(await zhang.get(`/api/buyer/applications/${appId}`), '申请详情');
    expect(app.documents).toHaveLength(4);
    const econtract = app.documents.find((d: any) => d.kind === 'econtract');
    expect(econtract.pages).toBeGreaterThan(1);
    // every document but the e-contract read fully; the e-contract all but its last page
    for (const d of app.documents) {
      const pages = Array.from({ length: d === econtract ? d.pages - 1 : d.pages }, (_, i) => i + 1);
      expectOk(await zhang.post(`/api/buyer/applications/${appId}/documents/${d.id}/read`, { pages }), '阅读');
    }
    const r = await zhang.post(`/api/buyer/applications/${appId}/agree`, {
      documents: app.documents.map((d: any) => ({ id: d.id, version: d.version })),
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('DOCUMENTS_UNREAD');
    expect(r.body.message).toContain('《中山市商品房买卖合同》');
    expect(r.body.violations).toEqual([
      expect.objectContaining({ field: 'documents.econtract', code: 'DOCUMENT_UNREAD' }),
    ]);
    expect((await stored(appId)).status).toBe('已核验');
  });

  it('names all four when none was read', async () => {
    const other = await w.pushedContract([ZHANG]);
    const id = expectOk(await claim(zhang, other.token), '选中').id;
    expectOk(await consent(zhang, id, true), '同意');
    expectOk(await faceCheck(walkOf(zhang, other.token, fixture('a1'), 5), id, 'first'), '首次人脸识别');
    const app = expectOk(await zhang.get(`/api/buyer/applications/${id}`), '申请详情');
    const r = await zhang.post(`/api/buyer/applications/${id}/agree`, {
      documents: app.documents.map((d: any) => ({ id: d.id, version: d.version })),
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('DOCUMENTS_UNREAD');
    for (const t of ['中山市商品房买卖合同', '商品房买卖公证申请表', '商品房买卖合同公证告知', '收案记录'])
      expect(r.body.message).toContain(`《${t}》`);
    expect(r.body.violations.map((v: any) => v.field).sort()).toEqual([
      'documents.application_form',
      'documents.econtract',
      'documents.intake_record',
      'documents.notice',
    ]);
  });

  it('refuses submit before every step is done (409 APPLICATION_INCOMPLETE listing what is missing)', async () => {
    await readAndAgree(walkOf(zhang, c1.token, fixture('a1'), 3), appId);
    expect((await stored(appId)).status).toBe('已阅读');
    const r = await zhang.post(`/api/buyer/applications/${appId}/submit`);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('APPLICATION_INCOMPLETE');
    expect(r.body.violations.map((v: any) => v.field).sort()).toEqual([
      'photos.id_back',
      'photos.id_front',
      'photos.signature',
      'second',
      'signing.application_form',
      'signing.econtract',
      'signing.notice',
    ]);
    expect(r.body.message).toContain('请签署《中山市商品房买卖合同》');
    expect(r.body.message).toContain('请完成第二次人脸识别');
    expect((await stored(appId)).status).toBe('已阅读');
  });

  it('takes photos only from the camera: no token 403 CAPTURE_REQUIRED, a spent one CAPTURE_INVALID, an old one CAPTURE_EXPIRED', async () => {
    const back = await idCardPng('back', ZHANG.name, '');
    const none = await upload(zhang, appId, 'id_back', back);
    expect(none.status).toBe(403);
    expect(none.body.code).toBe('CAPTURE_REQUIRED');
    expect(none.body.violations).toEqual([expect.objectContaining({ field: 'captureToken' })]);

    const token = await captureToken(zhang, appId);
    expect((await upload(zhang, appId, 'id_back', back, token)).status).toBe(200);
    const spent = await upload(zhang, appId, 'signature', await signaturePng(2), token);
    expect(spent.status).toBe(403);
    expect(spent.body.code).toBe('CAPTURE_INVALID');

    const old = await captureToken(zhang, appId);
    await w.clock.advance(5 * 60_000 + 1_000);
    const late = await upload(zhang, appId, 'signature', await signaturePng(2), old);
    expect(late.status).toBe(403);
    expect(late.body.code).toBe('CAPTURE_EXPIRED');
    expect(late.body.message).toContain('5 分钟');
    expect(
      Object.keys((await stored(appId)).steps as any).includes('photos') &&
        Object.keys(((await stored(appId)).steps as any).photos),
    ).toEqual(['id_back']);
  });

  it("refuses an ID front whose portrait is another person's (422 FACE_MISMATCH); the photo is kept as not accepted", async () => {
    const r = await photo(walkOf(zhang, c1.token, fixture('a1'), 3), appId, 'id_front', fixture('b1'));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('FACE_MISMATCH');
    expect(r.body.message).toContain('不一致');
    const steps = (await stored(appId)).steps as any;
    expect(steps.photos.id_front).toMatchObject({ accepted: false, match: expect.objectContaining({ match: false }) });
    const view = expectOk(await zhang.get(`/api/buyer/applications/${appId}`), '申请详情');
    expect(view.missing).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'photos.id_front', code: 'PHOTO_NOT_ACCEPTED' })]),
    );
  });

  it('fails a second verification by another face (422) and then still refuses submit (409 APPLICATION_INCOMPLETE)', async () => {
    const bw = walkOf(zhang, c1.token, fixture('a1'), 3);
    expectOk(await photo(bw, appId, 'id_front', fixture('idCardA'), 'image/png'), '身份证正面');
    expectOk(await photo(bw, appId, 'signature', await signaturePng(4), 'image/png'), '电子签名');
    await signDocuments(bw, appId);
    const r = await faceCheck(bw, appId, 'second', fixture('b1'));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('FACE_VERIFICATION_FAILED');
    expect(r.body.message).toContain('与首次核验的人脸不一致');
    const steps = (await stored(appId)).steps as any;
    expect(steps.second).toBeUndefined();
    expect(steps.faceAttempts.at(-1)).toMatchObject({ stage: 'second', passed: false, reason: 'different-person' });
    const s = await zhang.post(`/api/buyer/applications/${appId}/submit`);
    expect(s.status).toBe(409);
    expect(s.body.code).toBe('APPLICATION_INCOMPLETE');
    expect(s.body.violations).toEqual([
      expect.objectContaining({ field: 'second', code: 'SECOND_VERIFICATION_REQUIRED' }),
    ]);
    expect((await stored(appId)).status).toBe('已阅读');
  });

  it('moves a mainland buyer who refuses the biometric consent to the document + video route', async () => {
    const c = await w.pushedContract([ZHANG]);
    const id = expectOk(await claim(zhang, c.token), '选中').id;
    const r = await consent(zhang, id, false);
    expect(r.status).toBe(200);
    expect(r.body.route).toBe('document_video');
    expect(r.body.consent).toMatchObject({ accepted: false, textVersion: expect.any(String) });
    expect((await stored(id)).route).toBe('document_video');
    const ch = await zhang.post(`/api/buyer/applications/${id}/face/challenge`, { stage: 'first' });
    expect(ch.status).toBe(409);
    expect(ch.body.code).toBe('ROUTE_NOT_FACE');
  });

  it('takes no face once the consent is withdrawn, even for a challenge issued before (409, nothing kept)', async () => {
    const c = await w.pushedContract([ZHANG]);
    const id = expectOk(await claim(zhang, c.token), '选中').id;
    expectOk(await consent(zhang, id, true), '同意');
    const ch = expectOk(
      await zhang.post(`/api/buyer/applications/${id}/face/challenge`, { stage: 'first' }),
      '人脸识别',
    );
    expectOk(await consent(zhang, id, false), '撤回同意');
    const frames = await synthesizeChallenge(engine, fixture('a1'), ch.action, { seed: 31 });
    const r = await zhang.post(`/api/buyer/applications/${id}/face/frames`, {
      challengeId: ch.id,
      frames: b64(frames),
    });
    expect(r.status).toBe(409);
    const row = await stored(id);
    expect(row.status).toBe('待核验');
    expect(row.route).toBe('document_video');
    const steps = row.steps as any;
    expect(steps.reference).toBeUndefined();
    expect(steps.first).toBeUndefined();
    expect(steps.faceAttempts).toBeUndefined();
  });

  describe('with two buyers', () => {
    let c2: { id: string; token: string; businessNo: string };
    let zhangApp: string;
    let smithApp: string;

    beforeAll(async () => {
      c2 = await w.pushedContract([
        { ...ZHANG, share: 50 },
        { ...SMITH, share: 50 },
      ]);
      smith = await signIn(SMITH.phone);
    });

    it('keeps the case 待签署 when only one buyer has submitted', async () => {
      const bw = walkOf(zhang, c2.token, fixture('a1'), 7);
      zhangApp = expectOk(await claim(zhang, c2.token, 0), '选中').id;
      expectOk(await consent(zhang, zhangApp, true), '同意');
      expectOk(await faceCheck(bw, zhangApp, 'first'), '首次人脸识别');
      await readAndAgree(bw, zhangApp);
      expectOk(await photo(bw, zhangApp, 'id_front', fixture('idCardA'), 'image/png'), '身份证正面');
      expectOk(
        await photo(bw, zhangApp, 'id_back', await idCardPng('back', ZHANG.name, ''), 'image/png'),
        '身份证反面',
      );
      expectOk(await photo(bw, zhangApp, 'signature', await signaturePng(7), 'image/png'), '电子签名');
      await signDocuments(bw, zhangApp);
      expectOk(await faceCheck(bw, zhangApp, 'second'), '再次人脸识别');
      const s = await zhang.post(`/api/buyer/applications/${zhangApp}/submit`);
      expect(s.status).toBe(200);
      expect(s.body.status).toBe('待审核');

      const inbox = expectOk(await w.notary.get('/api/notary/cases?pageSize=200'), '收件箱').items as any[];
      const row = inbox.find((x) => x.businessNo === c2.businessNo);
      expect(row.status).toBe('待签署');
      expect(row.buyers.map((b: any) => b.status)).toEqual(['待审核', '待核验']);
      expect(
        expectOk(await w.notary.get('/api/notary/cases?status=待审核'), '待审核').items.map((x: any) => x.businessNo),
      ).not.toContain(c2.businessNo);
    }, 240_000); // two face checks and 签署 on a busy machine

    it("does not let a co-buyer read or act on the other buyer's application (404)", async () => {
      smithApp = expectOk(await claim(smith, c2.token, 1), '选中').id;
      const other = `/api/buyer/applications/${zhangApp}`;
      const tries = [
        await smith.get(other),
        await smith.post(`${other}/consent`, { accepted: true, textVersion: '2026-11-v1' }),
        await smith.post(`${other}/face/challenge`, { stage: 'second' }),
        await smith.post(`${other}/captures`),
        await smith.post(`${other}/agree`, { documents: [1, 2, 3, 4].map(() => ({ id: zhangApp, version: 'v1' })) }),
        await smith.post(`${other}/submit`),
        await smith.post(`${other}/video/text`),
        await upload(smith, zhangApp, 'signature', await signaturePng(9), 'whatever-token-value'),
      ];
      // nor the other buyer's own documents (申请表, 告知, 收案记录) through one's own application
      const zhangDocs = await w.server.ctx.db
        .select()
        .from(caseDocuments)
        .where(eq(caseDocuments.applicationId, zhangApp));
      expect(zhangDocs.length).toBeGreaterThan(0);
      for (const d of zhangDocs)
        tries.push(await smith.get(`/api/buyer/applications/${smithApp}/documents/${d.id}/file`));
      expect(tries.map((r) => r.status)).toEqual(tries.map(() => 404));
      const ownDoc = expectOk(await smith.get(`/api/buyer/applications/${smithApp}`), '申请').documents.find(
        (d: any) => d.kind === 'notice',
      );
      expect((await smith.get(`/api/buyer/applications/${smithApp}/documents/${ownDoc.id}/file`)).status).toBe(200);
      expect(tries[0].body.code).toBe('NOT_FOUND');
      // and the buyer's list holds only their own
      const mine = expectOk(await smith.get('/api/buyer/applications'), '我的申请记录') as any[];
      expect(mine.map((a) => a.id)).toEqual([smithApp]);
      // nobody claims another's entry either
      const steal = await claim(smith, c2.token, 0);
      expect(steal.status).toBe(403);
      expect(steal.body.code).toBe('NOT_THIS_BUYER');
      expect((await stored(zhangApp)).status).toBe('待审核');
    });
  });

  // last: it moves the clock a week on
  it('refuses a QR link past QR_TTL_MINUTES (410 QR_EXPIRED), for opening and for claiming', async () => {
    const c = await w.pushedContract([ZHANG]);
    expect((await zhang.get(`/api/buyer/cases/${c.token}`)).status).toBe(200);
    expect(w.server.ctx.config.QR_TTL_MINUTES).toBe(7 * 24 * 60);
    await w.clock.advance(w.server.ctx.config.QR_TTL_MINUTES * 60_000 + 60_000);
    const r = await zhang.get(`/api/buyer/cases/${c.token}`);
    expect(r.status).toBe(410);
    expect(r.body.code).toBe('QR_EXPIRED');
    expect(r.body.message).toContain('二维码已过期');
    const cl = await claim(zhang, c.token);
    expect(cl.status).toBe(410);
    expect(cl.body.code).toBe('QR_EXPIRED');
  });
});
