import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import { synthesizeChallenge, stillSeries } from '@netsign/face/testing/synthesize-challenge';
import { fixture } from '@netsign/face/testing/fixtures';
import { demoWorld, type DemoWorld } from '../../testing/world';
import type { ApiClient } from '../../testing/http-client';
import { signInBuyer, buyerWalk } from '../../testing/buyer-session';
import { buyerStages } from '../../testing/buyer-stages';
import { DEMO_BUYERS } from '../../demo/demo-accounts';
import { faceCheck } from '../../demo/walk/buyer-steps';
import { expectOk } from '../../demo/walk/expect';
import { buyerApplications, notaryCases } from './tables';

// Manual 4.1 (mainland buyer) from the QR link to the first face check, and every rule that stops
// a buyer on the way. Reading, photos and 提交 are in buyer-steps.test.ts. A test that changes an
// application has a contract of its own (issue 10).
const [ZHANG] = DEMO_BUYERS;
const b64 = (frames: Buffer[]) => frames.map((f) => f.toString('base64'));
const claim = (api: ApiClient, token: string, buyerIndex = 0) => api.post('/api/buyer/claim', { token, buyerIndex });

describe("a buyer's first steps (manual 4.1): QR link, claim, consent, face", () => {
  let w: DemoWorld;
  let engine: NodeFaceEngine;
  let stages: ReturnType<typeof buyerStages>;
  let zhang: ApiClient;
  let stranger: ApiClient;
  let unclaimed: { id: string; token: string; businessNo: string }; // nobody claims it: tests only open it or are refused

  const stored = async (id: string) =>
    (await w.server.ctx.db.select().from(buyerApplications).where(eq(buyerApplications.id, id)))[0];
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

  beforeAll(async () => {
    [w, engine] = await Promise.all([demoWorld(), createFaceEngine()]);
    stages = buyerStages(w, engine);
    unclaimed = await w.pushedContract([ZHANG]);
    // sign-in codes go only to buyers of pushed contracts: the stranger buys another unit
    await w.pushedContract([{ ...ZHANG, name: '王五', idNumber: '442000198505051234', phone: '13900000099' }]);
    [zhang, stranger] = await Promise.all([signInBuyer(w, ZHANG.phone), signInBuyer(w, '13900000099')]);
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
    const open = await zhang.get(`/api/buyer/cases/${unclaimed.token}`);
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
    const r = await claim(stranger, unclaimed.token);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('NOT_THIS_BUYER');
    expect(r.body.message).toContain('手机号');
    const [{ row }] = await w.server.ctx.db
      .select({ row: buyerApplications })
      .from(buyerApplications)
      .innerJoin(notaryCases, eq(notaryCases.id, buyerApplications.caseId))
      .where(and(eq(notaryCases.businessNo, unclaimed.businessNo), eq(buyerApplications.buyerPhone, ZHANG.phone)));
    expect(row.claimedBy).toBeNull();
    expect((await stranger.get('/api/buyer/applications')).body.map((a: any) => a.businessNo)).not.toContain(
      unclaimed.businessNo,
    );
  });

  it('lets the buyer claim their own entry; no face challenge before the separate consent (409 CONSENT_REQUIRED)', async () => {
    const c = await w.pushedContract([ZHANG]);
    const r = await claim(zhang, c.token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: '待核验', route: 'face', consent: null });
    const id = r.body.id;
    const ch = await zhang.post(`/api/buyer/applications/${id}/face/challenge`, { stage: 'first' });
    expect(ch.status).toBe(409);
    expect(ch.body.code).toBe('CONSENT_REQUIRED');
    expect((await stored(id)).steps).not.toHaveProperty('challenge');
    expect((await consent(zhang, id, true)).status).toBe(200);
  });

  it('fails a still photo held to the camera (422 FACE_VERIFICATION_FAILED): still 待核验, the attempt recorded, no reference', async () => {
    const { id } = await stages.claimed(zhang);
    const r = await challengeAndSend(zhang, id, 'first', () => stillSeries(engine, fixture('a1'), 10, 11));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('FACE_VERIFICATION_FAILED');
    expect(r.body.message).toContain('人脸识别未通过');
    const row = await stored(id);
    expect(row.status).toBe('待核验');
    const steps = row.steps as any;
    expect(steps.faceAttempts).toEqual([expect.objectContaining({ stage: 'first', passed: false })]);
    expect(steps.faceAttempts[0].reason).toBeTruthy();
    expect(steps.first).toBeUndefined();
    expect(steps.reference).toBeUndefined();
  });

  it('fails the same frame sent repeatedly, even in a series that performs the action', async () => {
    const { id } = await stages.claimed(zhang);
    // one frame over and over
    const r1 = await challengeAndSend(zhang, id, 'first', async (action) => {
      const frames = await synthesizeChallenge(engine, fixture('a1'), action as any, { seed: 21 });
      return frames.map(() => frames[Math.floor(frames.length / 2)]);
    });
    expect(r1.status).toBe(422);
    expect(r1.body.code).toBe('FACE_VERIFICATION_FAILED');
    // a real action series with every frame sent twice: the action is there, the replay too
    const r2 = await challengeAndSend(zhang, id, 'first', async (action) =>
      (await synthesizeChallenge(engine, fixture('a1'), action as any, { seed: 22 })).flatMap((f) => [f, f]),
    );
    expect(r2.status).toBe(422);
    expect(r2.body.code).toBe('FACE_VERIFICATION_FAILED');
    expect(r2.body.message).toContain('同一画面被重复提交');
    const row = await stored(id);
    expect(row.status).toBe('待核验');
    // both refusals are on record as failed attempts
    expect((row.steps as any).faceAttempts.map((a: any) => a.passed)).toEqual([false, false]);
  }, 240_000); // two synthesized series and 60 frames through the face pool: minutes on a busy 2-core machine

  it('answers a challenge only while it is fresh and current: 2 minutes (CHALLENGE_EXPIRED), a superseded one CHALLENGE_UNKNOWN', async () => {
    const { id } = await stages.claimed(zhang);
    const frames = b64([fixture('a1'), fixture('a2'), fixture('a1'), fixture('a2'), fixture('a1')]);
    const ch = expectOk(
      await zhang.post(`/api/buyer/applications/${id}/face/challenge`, { stage: 'first' }),
      '人脸识别',
    );
    await w.clock.advance(2 * 60_000 + 1_000);
    const late = await zhang.post(`/api/buyer/applications/${id}/face/frames`, { challengeId: ch.id, frames });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CHALLENGE_EXPIRED');
    expectOk(await zhang.post(`/api/buyer/applications/${id}/face/challenge`, { stage: 'first' }), '重新开始');
    const old = await zhang.post(`/api/buyer/applications/${id}/face/frames`, { challengeId: ch.id, frames });
    expect(old.status).toBe(409);
    expect(old.body.code).toBe('CHALLENGE_UNKNOWN');
    // neither counted as an attempt, nor made a reference
    const steps = (await stored(id)).steps as any;
    expect(steps.faceAttempts).toBeUndefined();
    expect(steps.reference).toBeUndefined();
  });

  it('passes the first verification with a live action: 已核验, the live face becomes the reference', async () => {
    const { id, contract } = await stages.claimed(zhang);
    const r = await faceCheck(buyerWalk(w, engine, zhang, contract.token, { seed: 3 }), id, 'first');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ passed: true, stage: 'first' });
    expect(r.body.application.status).toBe('已核验');
    const steps = (await stored(id)).steps as any;
    expect(steps.reference.source).toBe('live');
    expect(steps.reference.embedding.length).toBeGreaterThan(100);
    expect(steps.first.frameFiles).toHaveLength(10);
    // never shown to the buyer
    expect(JSON.stringify(r.body)).not.toContain('embedding');
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
    const { id } = await stages.claimed(zhang);
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
});

// A world of its own: the week this test moves the clock on would end every session of the others.
describe('a QR link past its time', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await demoWorld();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('refuses a QR link past QR_TTL_MINUTES (410 QR_EXPIRED), for opening and for claiming', async () => {
    const c = await w.pushedContract([ZHANG]);
    const zhang = await signInBuyer(w, ZHANG.phone);
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
