import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import { fixture } from '@netsign/face/testing/fixtures';
import { demoWorld, type DemoWorld } from '../../testing/world';
import type { ApiClient } from '../../testing/http-client';
import { signInBuyer, claimWithConsent, buyerWalk } from '../../testing/buyer-session';
import { caseOf, submittedCase, supplementedCase } from '../../testing/case-stages';
import { rememberingEngine } from '../../testing/remembering-engine';
import { DEMO_BUYERS } from '../../demo/demo-accounts';
import { faceCheck, photo } from '../../demo/walk/buyer-steps';
import { signaturePng } from '../../demo/walk/media';
import { idCardPng } from '../../demo/demo-images';
import { expectOk, eventually } from '../../demo/walk/expect';
import { buyerApplications, notaryCases } from './tables';
import { receiveCase } from './receive-case';

// The notary's review: 需补正, 驳回, 审核通过 — and only the office the case was pushed to may act.
// A test that changes a case walks a buyer through a case of its own (case-stages.ts).
const [ZHANG] = DEMO_BUYERS;

// a test that walks its buyer takes minutes on a busy 2-core machine
describe('notary review', { timeout: 300_000 }, () => {
  let w: DemoWorld;
  let engine: NodeFaceEngine;
  let zhang: ApiClient;
  let s: Awaited<ReturnType<typeof submittedCase>>; // 待审核: only read, and only refused changes

  const appRow = async (id: string) =>
    (await w.server.ctx.db.select().from(buyerApplications).where(eq(buyerApplications.id, id)))[0];
  const caseRow = async (id: string) =>
    (await w.server.ctx.db.select().from(notaryCases).where(eq(notaryCases.id, id)))[0];

  beforeAll(async () => {
    [w, engine] = await Promise.all([
      // one liveness action: the test camera makes its series once for every walk of the file
      demoWorld({ env: { FACE_CHALLENGES: 'blink' } }),
      createFaceEngine().then(rememberingEngine),
    ]);
    // codes go only to buyers of a pushed contract: push first, then sign in
    const first = await w.pushedContract([ZHANG]);
    zhang = await signInBuyer(w, ZHANG.phone);
    s = await submittedCase(w, engine, zhang, first);
  }, 300_000);
  afterAll(async () => {
    engine?.dispose();
    await w?.close();
  });

  it('puts the case to 待审核 once its only buyer submitted', async () => {
    expect((await w.notary.get(`/api/notary/cases/${s.caseId}`)).body.status).toBe('待审核');
  });

  describe('a notary of another office', () => {
    it('cannot see the case or act on it (404), and nothing changes', async () => {
      const tries = [
        await w.notary2.get(`/api/notary/cases/${s.caseId}`),
        await w.notary2.post(`/api/notary/cases/${s.caseId}/approve`),
        await w.notary2.post(`/api/notary/cases/${s.caseId}/reject`, { reason: '越权驳回测试' }),
        await w.notary2.post(`/api/notary/cases/${s.caseId}/supplement`, {
          applicationId: s.appId,
          items: ['signature'],
          note: '越权补正测试',
        }),
      ];
      expect(tries.map((r) => r.status)).toEqual([404, 404, 404, 404]);
      expect(tries.map((r) => r.body.code)).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
      const inbox = expectOk(await w.notary2.get('/api/notary/cases?pageSize=200'), '收件箱');
      expect(inbox.items.map((x: any) => x.id)).not.toContain(s.caseId);
      const c = await caseRow(s.caseId);
      expect(c.status).toBe('待审核');
      expect(c.certificateNumber).toBeNull();
      expect((await appRow(s.appId)).status).toBe('待审核');
    });

    it('nor can a seller clerk use the notary routes (403)', async () => {
      expect((await w.seller.post(`/api/notary/cases/${s.caseId}/approve`)).status).toBe(403);
    });
  });

  describe('需补正', () => {
    it("refuses a 补正 without items, or with an item not of the buyer's route, naming the field", async () => {
      const none = await w.notary.post(`/api/notary/cases/${s.caseId}/supplement`, {
        applicationId: s.appId,
        items: [],
        note: '请补正材料',
      });
      expect(none.status).toBe(400);
      expect(none.body.violations).toEqual([expect.objectContaining({ field: 'items' })]);
      const wrong = await w.notary.post(`/api/notary/cases/${s.caseId}/supplement`, {
        applicationId: s.appId,
        items: ['video'],
        note: '请补录视频',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('SUPPLEMENT_NOT_APPLICABLE');
      expect((await caseRow(s.caseId)).status).toBe('待审核');
    });

    it('names what the buyer must redo: the case and the application go to 待补正, the buyer is told', async () => {
      const { caseId, appId } = await submittedCase(w, engine, zhang);
      const note = '身份证反面照片模糊，电子签名不完整，请重新拍摄和签名';
      const r = await w.notary.post(`/api/notary/cases/${caseId}/supplement`, {
        applicationId: appId,
        items: ['id_back', 'signature'],
        note,
      });
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('待补正');
      const view = expectOk(await zhang.get(`/api/buyer/applications/${appId}`), '申请详情');
      expect(view.status).toBe('待补正');
      expect(view.supplement).toMatchObject({ items: ['id_back', 'signature'], note });
      expect(view.missing.map((m: any) => m.field).sort()).toEqual(['supplement.id_back', 'supplement.signature']);
      // the SMS goes out through the queue (no other test of the file sends this note)
      await eventually('补正短信', async () =>
        ((await zhang.get(`/api/dev/outbox?to=${ZHANG.phone}`)).body as any[]).some((m) => m.body.includes(note)),
      );
    });

    it('lets the buyer redo only the named items (other uploads and checks 409)', async () => {
      const { contract, appId } = await supplementedCase(w, engine, zhang, '请重拍身份证反面并重新签名（重做）');
      const bw = buyerWalk(w, engine, zhang, contract.token);
      const front = await photo(bw, appId, 'id_front', fixture('idCardA'), 'image/png');
      expect(front.status).toBe(409);
      expect(front.body.code).toBe('ILLEGAL_STATE');
      expect(front.body.message).toContain('待补正');
      const second = await zhang.post(`/api/buyer/applications/${appId}/face/challenge`, { stage: 'second' });
      expect(second.status).toBe(409);
      const early = await zhang.post(`/api/buyer/applications/${appId}/submit`);
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('APPLICATION_INCOMPLETE');
      expect(early.body.violations.map((v: any) => v.code)).toEqual(['SUPPLEMENT_NOT_DONE', 'SUPPLEMENT_NOT_DONE']);
      const before = (await appRow(appId)).steps as any;
      await redoIdBackAndSignature(contract.token, appId);
      const after = (await appRow(appId)).steps as any;
      expect(after.photos.id_front.sha256).toBe(before.photos.id_front.sha256);
      expect(after.photos.signature.sha256).not.toBe(before.photos.signature.sha256);
    });

    it('takes the resubmission and puts the case back to 待审核', async () => {
      const { contract, caseId, appId } = await supplementedCase(
        w,
        engine,
        zhang,
        '请重拍身份证反面并重新签名（重交）',
      );
      await redoIdBackAndSignature(contract.token, appId);
      const r = await zhang.post(`/api/buyer/applications/${appId}/submit`);
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('待审核');
      expect((await w.notary.get(`/api/notary/cases/${caseId}`)).body.status).toBe('待审核');
    });

    /** The buyer's redo of a 补正 of the ID card's back and the signature (a signature unlike the first). */
    async function redoIdBackAndSignature(token: string, appId: string) {
      const bw = buyerWalk(w, engine, zhang, token);
      expectOk(
        await photo(bw, appId, 'id_back', await idCardPng('back', ZHANG.name, ''), 'image/png'),
        '重拍身份证反面',
      );
      expectOk(await photo(bw, appId, 'signature', await signaturePng(9), 'image/png'), '重新签名');
    }
  });

  describe('需补正 of the ID front on the face route', () => {
    it('lets the buyer do the second face check again, which a new ID photo needs, and resubmit', async () => {
      const { contract: c, caseId, appId } = await submittedCase(w, engine, zhang);
      const r = await w.notary.post(`/api/notary/cases/${caseId}/supplement`, {
        applicationId: appId,
        items: ['id_front'],
        note: '身份证正面照片反光，请重新拍摄',
      });
      expect(r.status).toBe(200);
      const bw = buyerWalk(w, engine, zhang, c.token);
      expectOk(await photo(bw, appId, 'id_front', fixture('idCardA'), 'image/png'), '重拍身份证正面');
      // the new ID photo is newer than the second check: that check must be done again, and may be
      const stale = await zhang.post(`/api/buyer/applications/${appId}/submit`);
      expect(stale.status).toBe(409);
      expect(stale.body.violations.map((v: any) => v.field)).toContain('second');
      expectOk(await faceCheck(bw, appId, 'second'), '再次人脸识别');
      const again = await zhang.post(`/api/buyer/applications/${appId}/submit`);
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('待审核');
      expect((await caseRow(caseId)).status).toBe('待审核');
    });
  });

  describe('审核通过', () => {
    it('issues the certificate, pushes it to the contract and erases the face descriptors', async () => {
      const { contract: c, caseId, appId } = await submittedCase(w, engine, zhang);
      const before = (await appRow(appId)).steps as any;
      expect(before.reference.embedding.length).toBeGreaterThan(100);
      const r = await w.notary.post(`/api/notary/cases/${caseId}/approve`);
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('已通过');
      expect(r.body.certificateNumber).toMatch(/^\(\d{4}\)粤中山证字第\d+号$/);
      const app = await appRow(appId);
      expect(app.status).toBe('已通过');
      const steps = app.steps as any;
      expect(steps.reference.embedding).toBeUndefined();
      expect(JSON.stringify(steps)).not.toContain('embedding');
      // erased at the decision, by the server's clock
      expect(steps.reference.erasedAt).toBe((await caseRow(caseId)).decidedAt!.toISOString());
      // the evidence stays: scores, thresholds, frame hashes
      expect(steps.first.frameFiles.length).toBeGreaterThan(0);
      expect(steps.second.match.score).toBeGreaterThan(0);
      const contract = await eventually('合同已公证', async () => {
        const x = (await w.seller.get(`/api/contracts/${c.id}`)).body;
        return x.status === '已公证' ? x : null;
      });
      expect(contract.certificateNumber).toBe(r.body.certificateNumber);
      expect(expectOk(await zhang.get(`/api/buyer/applications/${appId}`), '申请').certificateNumber).toBe(
        r.body.certificateNumber,
      );
      // nothing is left to photograph: the camera does not open again
      expect((await zhang.post(`/api/buyer/applications/${appId}/captures`)).status).toBe(409);
    });

    it('refuses to approve a case whose buyers have not all submitted (409, with the status)', async () => {
      const c = await w.pushedContract([ZHANG]);
      const id = (await caseOf(w, c.businessNo)).id;
      const r = await w.notary.post(`/api/notary/cases/${id}/approve`);
      expect(r.status).toBe(409);
      expect(r.body.message).toContain('待签署');
      expect((await caseRow(id)).certificateNumber).toBeNull();
    });
  });

  describe('two notaries approving the same case at the same moment', () => {
    it('issues one certificate; the office numbers still run 1..n without gap', async () => {
      // a certificate the office issued before, so that there are numbers to run without gap
      const earlier = await submittedCase(w, engine, zhang);
      expectOk(await w.notary.post(`/api/notary/cases/${earlier.caseId}/approve`), '审核通过');
      const { caseId } = await submittedCase(w, engine, zhang);
      const other = await w.client().login('notary', 'Notary@2026demo');
      const [a, b] = await Promise.all([
        w.notary.post(`/api/notary/cases/${caseId}/approve`),
        other.post(`/api/notary/cases/${caseId}/approve`),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = a.status === 200 ? a : b;
      expect((await caseRow(caseId)).certificateNumber).toBe(winner.body.certificateNumber);
      const office = (await caseRow(caseId)).officeId;
      const numbers = (await w.server.ctx.db.select().from(notaryCases).where(eq(notaryCases.officeId, office)))
        .map((c) => c.certificateNumber)
        .filter((n): n is string => Boolean(n))
        .map((n) => Number(/第(\d+)号$/.exec(n)![1]))
        .sort((x, y) => x - y);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      expect(numbers.length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('驳回', () => {
    it('sends the contract back to the seller with the reason, erases descriptors, and the seller can push again', async () => {
      const c = await w.pushedContract([ZHANG]);
      const caseId = (await caseOf(w, c.businessNo)).id;
      const appId = await claimWithConsent(zhang, c.token);
      expectOk(await faceCheck(buyerWalk(w, engine, zhang, c.token), appId, 'first'), '首次人脸识别');
      expect(((await appRow(appId)).steps as any).reference.embedding).toBeDefined();

      const empty = await w.notary.post(`/api/notary/cases/${caseId}/reject`, { reason: ' ' });
      expect(empty.status).toBe(400);
      expect(empty.body.violations).toEqual([expect.objectContaining({ field: 'reason' })]);

      const reason = '合同约定的交付日期与预售方案不符，请核对后重新推送';
      const r = await w.notary.post(`/api/notary/cases/${caseId}/reject`, { reason });
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('已驳回');
      const app = await appRow(appId);
      expect(app.status).toBe('已驳回');
      expect((app.steps as any).reference.embedding).toBeUndefined();
      expect((app.steps as any).reference.erasedAt).toBe((await caseRow(caseId)).decidedAt!.toISOString());
      expect(expectOk(await zhang.get(`/api/buyer/applications/${appId}`), '申请').reason).toBe(reason);

      const back = await eventually('合同公证已退回', async () => {
        const x = (await w.seller.get(`/api/contracts/${c.id}`)).body;
        return x.status === '公证已退回' ? x : null;
      });
      expect(back.returnReason).toBe(reason);

      // a rejected case cannot be approved afterwards
      expect((await w.notary.post(`/api/notary/cases/${caseId}/approve`)).status).toBe(409);

      const offices = expectOk(
        await w.seller.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`),
        '公证处',
      );
      const again = await w.seller.post(`/api/contracts/${c.id}/push`, {
        notaryOfficeId: offices.find((o: any) => o.name.includes('中山公证处')).id,
      });
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('公证中');
      const qr = await eventually('新的二维码', async () => {
        const q = await w.seller.get(`/api/contracts/${c.id}/qr`);
        return q.status === 200 ? q.body : null;
      });
      expect(qr.link).not.toBe(c.qrLink);
      const fresh = await caseOf(w, c.businessNo);
      expect(fresh.id).not.toBe(caseId);
      expect(fresh.status).toBe('待签署');
      expect((await w.seller.get(`/api/contracts/${c.id}`)).body.returnReason ?? null).toBeNull();

      // the queue may deliver the new push twice: still one live case, and the seller's QR stays
      await receiveCase(w.server.ctx, (await caseRow(fresh.id)).snapshot as any);
      const cases = await w.server.ctx.db.select().from(notaryCases).where(eq(notaryCases.contractId, c.id));
      expect(cases.map((x) => x.status).sort()).toEqual(['待签署', '已驳回'].sort());
      expect((await w.seller.get(`/api/contracts/${c.id}/qr`)).body.link).toBe(qr.link);
    });

    it('opens one case when the same push is delivered twice at the same moment', async () => {
      const c = await w.pushedContract([ZHANG]);
      const first = await caseRow((await caseOf(w, c.businessNo)).id);
      // the same contract as a new push (another e-contract), delivered twice at once
      const e = {
        ...(first.snapshot as any),
        econtract: { ...(first.snapshot as any).econtract, sha256: 'f'.repeat(64) },
      };
      await Promise.all([receiveCase(w.server.ctx, e), receiveCase(w.server.ctx, e)]);
      const cases = await w.server.ctx.db.select().from(notaryCases).where(eq(notaryCases.contractId, c.id));
      expect(cases).toHaveLength(2);
    });
  });
});
