import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import { fixture } from '@netsign/face/testing/fixtures';
import { demoWorld, type DemoWorld } from '../../testing/world';
import type { ApiClient, Reply } from '../../testing/http-client';
import { multipartBody } from '../../testing/http-client';
import { signInBuyer } from '../../testing/buyer-session';
import { buyerStages } from '../../testing/buyer-stages';
import { DEMO_BUYERS } from '../../demo/demo-accounts';
import { faceCheck, readAndAgree, photo, signDocuments } from '../../demo/walk/buyer-steps';
import { signaturePng } from '../../demo/walk/media';
import { idCardPng } from '../../demo/demo-images';
import { expectOk } from '../../demo/walk/expect';
import { buyerApplications, caseDocuments } from './tables';

// Manual 4.1 (mainland buyer) after the first face check: reading, photos, 签署, 提交, and every
// rule that stops a buyer on the way (the QR link, claim, consent and face: buyer-claim-face.test.ts).
// Each test that changes an application has one of its own (issue 10); a face check costs
// seconds, so the two-buyer case is built once and its tests only read it.
const [ZHANG, SMITH] = DEMO_BUYERS;

describe("a buyer's steps (manual 4.1)", () => {
  let w: DemoWorld;
  let engine: NodeFaceEngine;
  let stages: ReturnType<typeof buyerStages>;
  let zhang: ApiClient;

  const stored = async (id: string) =>
    (await w.server.ctx.db.select().from(buyerApplications).where(eq(buyerApplications.id, id)))[0];
  const claim = (api: ApiClient, token: string, buyerIndex = 0) => api.post('/api/buyer/claim', { token, buyerIndex });
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
    // one liveness action here: the face checks are setup, and one series then serves them all
    // (buyer-claim-face.test.ts takes whichever action the server picks)
    [w, engine] = await Promise.all([demoWorld({ env: { FACE_CHALLENGES: 'blink' } }), createFaceEngine()]);
    stages = buyerStages(w, engine);
    // sign-in codes go only to buyers of pushed contracts
    await w.pushedContract([ZHANG]);
    zhang = await signInBuyer(w, ZHANG.phone);
  });
  afterAll(async () => {
    engine?.dispose();
    await w?.close();
  });

  it('refuses 同意继续 before every page of all four documents was read (409 DOCUMENTS_UNREAD naming them)', async () => {
    const { id } = await stages.verified(zhang);
    const app = expectOk(await zhang.get(`/api/buyer/applications/${id}`), '申请详情');
    expect(app.documents).toHaveLength(4);
    const econtract = app.documents.find((d: any) => d.kind === 'econtract');
    expect(econtract.pages).toBeGreaterThan(1);
    // every document but the e-contract read fully; the e-contract all but its last page
    for (const d of app.documents) {
      const pages = Array.from({ length: d === econtract ? d.pages - 1 : d.pages }, (_, i) => i + 1);
      expectOk(await zhang.post(`/api/buyer/applications/${id}/documents/${d.id}/read`, { pages }), '阅读');
    }
    const r = await zhang.post(`/api/buyer/applications/${id}/agree`, {
      documents: app.documents.map((d: any) => ({ id: d.id, version: d.version })),
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('DOCUMENTS_UNREAD');
    expect(r.body.message).toContain('《中山市商品房买卖合同》');
    expect(r.body.violations).toEqual([
      expect.objectContaining({ field: 'documents.econtract', code: 'DOCUMENT_UNREAD' }),
    ]);
    expect((await stored(id)).status).toBe('已核验');
  });

  it('names all four when none was read', async () => {
    const { id } = await stages.verified(zhang);
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
    const { id, walk } = await stages.verified(zhang);
    await readAndAgree(walk, id);
    expect((await stored(id)).status).toBe('已阅读');
    const r = await zhang.post(`/api/buyer/applications/${id}/submit`);
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
    expect((await stored(id)).status).toBe('已阅读');
  });

  it('takes photos only from the camera: no token 403 CAPTURE_REQUIRED, a spent one CAPTURE_INVALID, an old one CAPTURE_EXPIRED', async () => {
    const { id } = await stages.read(zhang);
    const back = await idCardPng('back', ZHANG.name, '');
    const none = await upload(zhang, id, 'id_back', back);
    expect(none.status).toBe(403);
    expect(none.body.code).toBe('CAPTURE_REQUIRED');
    expect(none.body.violations).toEqual([expect.objectContaining({ field: 'captureToken' })]);

    const token = await captureToken(zhang, id);
    expect((await upload(zhang, id, 'id_back', back, token)).status).toBe(200);
    const spent = await upload(zhang, id, 'signature', await signaturePng(2), token);
    expect(spent.status).toBe(403);
    expect(spent.body.code).toBe('CAPTURE_INVALID');

    const old = await captureToken(zhang, id);
    await w.clock.advance(5 * 60_000 + 1_000);
    const late = await upload(zhang, id, 'signature', await signaturePng(2), old);
    expect(late.status).toBe(403);
    expect(late.body.code).toBe('CAPTURE_EXPIRED');
    expect(late.body.message).toContain('5 分钟');
    expect(
      Object.keys((await stored(id)).steps as any).includes('photos') &&
        Object.keys(((await stored(id)).steps as any).photos),
    ).toEqual(['id_back']);
  });

  it("refuses an ID front whose portrait is another person's (422 FACE_MISMATCH); the photo is kept as not accepted", async () => {
    const { id, walk } = await stages.read(zhang);
    const r = await photo(walk, id, 'id_front', fixture('b1'));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('FACE_MISMATCH');
    expect(r.body.message).toContain('不一致');
    const steps = (await stored(id)).steps as any;
    expect(steps.photos.id_front).toMatchObject({ accepted: false, match: expect.objectContaining({ match: false }) });
    const view = expectOk(await zhang.get(`/api/buyer/applications/${id}`), '申请详情');
    expect(view.missing).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'photos.id_front', code: 'PHOTO_NOT_ACCEPTED' })]),
    );
  });

  it('fails a second verification by another face (422) and then still refuses submit (409 APPLICATION_INCOMPLETE)', async () => {
    const { id, walk: bw } = await stages.read(zhang);
    expectOk(await photo(bw, id, 'id_front', fixture('idCardA'), 'image/png'), '身份证正面');
    expectOk(await photo(bw, id, 'id_back', await idCardPng('back', ZHANG.name, ''), 'image/png'), '身份证反面');
    expectOk(await photo(bw, id, 'signature', await signaturePng(4), 'image/png'), '电子签名');
    await signDocuments(bw, id);
    const r = await faceCheck(bw, id, 'second', fixture('b1'));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('FACE_VERIFICATION_FAILED');
    expect(r.body.message).toContain('与首次核验的人脸不一致');
    const steps = (await stored(id)).steps as any;
    expect(steps.second).toBeUndefined();
    expect(steps.faceAttempts.at(-1)).toMatchObject({ stage: 'second', passed: false, reason: 'different-person' });
    const s = await zhang.post(`/api/buyer/applications/${id}/submit`);
    expect(s.status).toBe(409);
    expect(s.body.code).toBe('APPLICATION_INCOMPLETE');
    expect(s.body.violations).toEqual([
      expect.objectContaining({ field: 'second', code: 'SECOND_VERIFICATION_REQUIRED' }),
    ]);
    expect((await stored(id)).status).toBe('已阅读');
  }, 240_000); // a face check for the stage and a synthesized series of another face

  // Built once: 张明 submits, SMITH has claimed his entry and done nothing more. The tests only read
  // it or try what is refused.
  describe('with two buyers', () => {
    let smith: ApiClient;
    let c2: Awaited<ReturnType<DemoWorld['pushedContract']>>;
    let zhangApp: string;
    let smithApp: string;
    let submitted: Reply;

    beforeAll(async () => {
      c2 = await w.pushedContract([
        { ...ZHANG, share: 50 },
        { ...SMITH, share: 50 },
      ]);
      smith = await signInBuyer(w, SMITH.phone);
      const { id, walk: bw } = await stages.read(zhang, { contract: c2, buyerIndex: 0 });
      zhangApp = id;
      expectOk(await photo(bw, id, 'id_front', fixture('idCardA'), 'image/png'), '身份证正面');
      expectOk(await photo(bw, id, 'id_back', await idCardPng('back', ZHANG.name, ''), 'image/png'), '身份证反面');
      expectOk(await photo(bw, id, 'signature', await signaturePng(7), 'image/png'), '电子签名');
      await signDocuments(bw, id);
      expectOk(await faceCheck(bw, id, 'second'), '再次人脸识别');
      submitted = await zhang.post(`/api/buyer/applications/${id}/submit`);
      smithApp = expectOk(await claim(smith, c2.token, 1), '选中').id;
    }, 300_000); // two face checks and 签署 on a busy machine

    it('keeps the case 待签署 when only one buyer has submitted', async () => {
      expect(submitted.status).toBe(200);
      expect(submitted.body.status).toBe('待审核');

      const inbox = expectOk(await w.notary.get('/api/notary/cases?pageSize=200'), '收件箱').items as any[];
      const row = inbox.find((x) => x.businessNo === c2.businessNo);
      expect(row.status).toBe('待签署');
      expect(row.buyers.map((b: any) => b.status)).toEqual(['待审核', '待核验']);
      expect(
        expectOk(await w.notary.get('/api/notary/cases?status=待审核'), '待审核').items.map((x: any) => x.businessNo),
      ).not.toContain(c2.businessNo);
    });

    it("does not let a co-buyer read or act on the other buyer's application (404)", async () => {
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
});
