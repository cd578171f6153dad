import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTd3 } from '@netsign/domain';
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import { stillSeries } from '@netsign/face/testing/synthesize-challenge';
import { fixture } from '@netsign/face/testing/fixtures';
import { demoWorld, type DemoWorld } from '../../testing/world';
import type { ApiClient } from '../../testing/http-client';
import { multipartBody } from '../../testing/http-client';
import { signInBuyer, claimWithConsent, sendIdentityDocument, nonMainlandUpToVideo } from '../../testing/buyer-session';
import { DEMO_BUYERS } from '../../demo/demo-accounts';
import { evidenceVideoWebm } from '../../demo/walk/media';
import { expectOk, eventually } from '../../demo/walk/expect';
import { buyerApplications } from './tables';

// Manual 4.2: a non-mainland buyer proves identity with the travel document and a 15-second
// evidence video read aloud from a text the server issued; the notary sees the text beside it.
// No test relies on an earlier one (issue 10): each has a contract of its own, or reads a stage
// its describe built.
const SMITH = DEMO_BUYERS[1];
const passport = (documentNumber: string) =>
  buildTd3({
    issuingState: 'UTO',
    surname: 'SMITH',
    givenNames: 'JOHN ALEXANDER',
    documentNumber,
    nationality: 'UTO',
    birthDate: '1985-06-12',
    sex: 'M',
    expiryDate: '2033-01-01',
  });
const b64 = (frames: Buffer[]) => frames.map((f) => f.toString('base64'));

describe('non-mainland buyer: travel document and evidence video (4.2)', () => {
  let w: DemoWorld;
  let engine: NodeFaceEngine;
  let smith: ApiClient;
  let video15: Buffer;
  let video10: Buffer;
  let mpeg4Part2: Buffer;
  let ownFrames: Buffer[];

  const stored = async (id: string) =>
    (await w.server.ctx.db.select().from(buyerApplications).where(eq(buyerApplications.id, id)))[0];
  const sendVideo = (id: string, textId: string, data: Buffer, name = 'evidence.webm', type = 'video/webm') => {
    const mp = multipartBody({}, { name, type, data });
    return smith.request('POST', `/api/buyer/applications/${id}/video?textId=${textId}`, mp.body, mp.headers);
  };
  const newText = async (id: string) =>
    expectOk(await smith.post(`/api/buyer/applications/${id}/video/text`), '录制视频');
  const sendFrames = (id: string, textId: string, frames: Buffer[]) =>
    smith.post(`/api/buyer/applications/${id}/video/frames`, { textId, frames: b64(frames) });
  /** SMITH's entry on a contract of its own, claimed with consent: 待核验, no document yet. */
  const claimed = async () => claimWithConsent(smith, (await w.pushedContract([SMITH])).token, 0);
  /** SMITH's entry on a contract of its own, the right passport taken, documents read, photos, 签署: up to the video. */
  async function passportTaken() {
    const contract = await w.pushedContract([SMITH]);
    const id = await nonMainlandUpToVideo(
      w,
      engine,
      smith,
      contract.token,
      { kind: 'PASSPORT', number: SMITH.idNumber, name: SMITH.name, mrz: passport(SMITH.idNumber) },
      { seed: 5 },
    );
    return { contract, id };
  }

  beforeAll(async () => {
    [w, engine, video15, video10, mpeg4Part2] = await Promise.all([
      demoWorld(),
      createFaceEngine(),
      evidenceVideoWebm(15),
      evidenceVideoWebm(10),
      evidenceVideoWebm(15, 'mpeg4'),
    ]);
    ownFrames = await stillSeries(engine, fixture('b1'), 4, 3);
    // codes go only to buyers of a pushed contract: push first, then sign in
    await w.pushedContract([SMITH]);
    smith = await signInBuyer(w, SMITH.phone);
  });
  afterAll(async () => {
    engine?.dispose();
    await w?.close();
  });

  describe('the travel document', () => {
    it("refuses a passport whose number is not the contract buyer's (422 DOCUMENT_INVALID naming the field)", async () => {
      const id = await claimed();
      expect((await stored(id)).route).toBe('document_video');
      const r = await sendIdentityDocument(smith, id, {
        kind: 'PASSPORT',
        number: 'X87654321',
        name: SMITH.name,
        mrz: passport('X87654321'),
        photoPage: fixture('passportB'),
      });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('DOCUMENT_INVALID');
      expect(r.body.violations).toEqual([
        expect.objectContaining({ field: 'document.idNumber', code: 'IDENTITY_NUMBER_MISMATCH' }),
      ]);
      expect(r.body.message).toContain('证件号码与合同所载买受人不一致');
      const row = await stored(id);
      expect(row.status).toBe('待核验');
      expect((row.steps as any).first).toBeUndefined();
    });

    it('refuses an MRZ with a wrong check digit (422)', async () => {
      const id = await claimed();
      const [l1, l2] = passport(SMITH.idNumber);
      const digit = l2[9];
      const broken = `${l2.slice(0, 9)}${(Number(digit) + 1) % 10}${l2.slice(10)}`;
      const r = await sendIdentityDocument(smith, id, {
        kind: 'PASSPORT',
        number: SMITH.idNumber,
        name: SMITH.name,
        mrz: [l1, broken],
        photoPage: fixture('passportB'),
      });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('DOCUMENT_INVALID');
      expect(r.body.violations.length).toBeGreaterThan(0);
      expect(r.body.violations.every((v: any) => v.field.startsWith('mrz'))).toBe(true);
      expect((await stored(id)).status).toBe('待核验');
    });
  });

  // Built once: the right passport taken, up to the video. A refused recording leaves no video and
  // each test asks for a text of its own, so none depends on what another sent before it.
  describe('with the passport taken, the evidence video', () => {
    let appId: string;
    beforeAll(async () => {
      appId = (await passportTaken()).id;
    });

    it('takes the right passport: 已核验 with the photo page face as the reference', async () => {
      const row = await stored(appId);
      expect(row.status).toBe('已阅读');
      expect((row.steps as any).reference.source).toBe('document');
      expect((row.steps as any).first).toMatchObject({ method: 'document', kind: 'PASSPORT', mrzChecked: true });
    });

    it('refuses frames of another face during recording (422 VIDEO_FACE_MISMATCH)', async () => {
      const text = await newText(appId);
      const r = await sendFrames(appId, text.id, await stillSeries(engine, fixture('a1'), 4, 3));
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('VIDEO_FACE_MISMATCH');
      expect((await stored(appId)).steps).toMatchObject({ videoFrames: { textId: text.id, passed: false } });
      // and a video after failed frames is not taken
      await w.clock.advance(15_500);
      const v = await sendVideo(appId, text.id, video15);
      expect(v.status).toBe(409);
      expect(v.body.code).toBe('VIDEO_FRAMES_REQUIRED');
      expect((await stored(appId)).steps).not.toHaveProperty('video');
    });

    it('refuses a video for a text older than its 10 minutes (409 VIDEO_TEXT_EXPIRED)', async () => {
      const text = await newText(appId);
      expectOk(await sendFrames(appId, text.id, ownFrames), '录制中的画面');
      await w.clock.advance(10 * 60_000 + 1_000);
      const r = await sendVideo(appId, text.id, video15);
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('VIDEO_TEXT_EXPIRED');
      expect((await stored(appId)).steps).not.toHaveProperty('video');
    });

    it('refuses a text file named .webm (415)', async () => {
      const text = await newText(appId);
      expectOk(await sendFrames(appId, text.id, ownFrames), '录制中的画面');
      await w.clock.advance(15_500);
      const r = await sendVideo(
        appId,
        text.id,
        Buffer.from('not a video, only text pretending to be one\n'.repeat(30)),
        'evidence.webm',
        'video/webm',
      );
      expect(r.status).toBe(415);
      expect(r.body.code).toBe('FILE_TYPE_NOT_ALLOWED');
      expect(r.body.message).toContain('佐证视频');
      expect((await stored(appId)).steps).not.toHaveProperty('video');
    });

    it('refuses a 10-second recording (422 VIDEO_DURATION)', async () => {
      const text = await newText(appId);
      expectOk(await sendFrames(appId, text.id, ownFrames), '录制中的画面');
      await w.clock.advance(15_500);
      const r = await sendVideo(appId, text.id, video10);
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('VIDEO_DURATION');
      expect(r.body.violations).toEqual([expect.objectContaining({ field: 'video', code: 'VIDEO_DURATION' })]);
      expect(r.body.message).toMatch(/实际为 1\d\.\d 秒/);
      expect((await stored(appId)).steps).not.toHaveProperty('video');
    });

    it('refuses a codec no phone records, naming it (422 VIDEO_CODEC)', async () => {
      const text = await newText(appId);
      expectOk(await sendFrames(appId, text.id, ownFrames), '录制中的画面');
      await w.clock.advance(15_500);
      const r = await sendVideo(appId, text.id, mpeg4Part2, 'evidence.mp4', 'video/mp4');
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('VIDEO_CODEC');
      expect(r.body.violations).toEqual([expect.objectContaining({ field: 'video', code: 'VIDEO_CODEC' })]);
      expect(r.body.message).toContain('mp4v');
      expect((await stored(appId)).steps).not.toHaveProperty('video');
    });

    it('refuses a recording that arrives sooner after the text than it lasts (422 VIDEO_BEFORE_TEXT)', async () => {
      const text = await newText(appId);
      expectOk(await sendFrames(appId, text.id, ownFrames), '录制中的画面');
      // no clock move: 15 s of video cannot have been recorded since the text appeared
      const r = await sendVideo(appId, text.id, video15);
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('VIDEO_BEFORE_TEXT');
      expect((await stored(appId)).steps).not.toHaveProperty('video');
    });
  });

  // Each test here ends its application's video step: each has an application of its own.
  describe('the recording taken', () => {
    it('takes a 15-second WebM recorded after the text; the notary sees the text beside the video', async () => {
      const { contract, id: appId } = await passportTaken();
      const text = await newText(appId);
      expect(text.text).toContain(SMITH.name);
      expect(text.text).toMatch(/核验码：\d \d \d \d/);
      expectOk(await sendFrames(appId, text.id, ownFrames), '录制中的画面');
      await w.clock.advance(15_500);
      const r = await sendVideo(appId, text.id, video15);
      expect(r.status).toBe(200);
      expect(r.body.video.durationMs).toBeGreaterThanOrEqual(13_500);
      expect(r.body.video.durationMs).toBeLessThanOrEqual(16_500);

      const submitted = await smith.post(`/api/buyer/applications/${appId}/submit`);
      expect(submitted.status).toBe(200);
      expect(submitted.body.status).toBe('待审核');

      const inbox = await eventually('案件', async () =>
        (expectOk(await w.notary.get('/api/notary/cases?pageSize=200'), '收件箱').items as any[]).find(
          (x) => x.businessNo === contract.businessNo,
        ),
      );
      const detail = expectOk(await w.notary.get(`/api/notary/cases/${inbox.id}`), '案件页面');
      expect(detail.status).toBe('待审核');
      // what the notary may do next, from the case machine: the console draws its buttons from it
      expect(detail.allowed).toEqual(['approve', 'reject', 'requestSupplement']);
      // the document check as recorded, without the number's blind index (a look-up key)
      expect(detail.applications[0].evidence.first).toMatchObject({ method: 'document', mrzChecked: true });
      expect(detail.applications[0].evidence.first).not.toHaveProperty('numberIndex');
      const video = detail.applications[0].evidence.video;
      expect(video.text).toBe(text.text);
      expect(video).toMatchObject({
        container: 'webm',
        mime: 'video/webm',
        textIssuedAt: text.issuedAt,
        format: { picture: 'VP8', sound: null, width: 320, height: 240, rotation: 0 },
      });
      // manual 4.2: the second identity check happened at 提交 and is on record for the notary
      const second = detail.applications[0].evidence.second;
      expect(second).toMatchObject({ method: 'document-video', passed: true, reference: 'photo-page' });
      expect(Date.parse(second.decidedAt)).toBeGreaterThanOrEqual(Date.parse(r.body.video.uploadedAt));
      expect(second.items).toContainEqual(
        expect.objectContaining({
          item: 'video',
          label: '佐证视频录制画面',
          match: true,
          total: ownFrames.length,
          threshold: expect.any(Number),
        }),
      );
      expect(second.items.every((i: any) => i.match && i.score >= i.threshold)).toBe(true);
      // the notary can play it
      const file = await w.notary.get(`/api/notary/cases/${inbox.id}/files/${video.sha256}`);
      expect(file.status).toBe(200);
      expect(file.raw.equals(video15)).toBe(true);
    });

    it('keeps the submitted evidence as it was: no new recording frames after 提交 (409)', async () => {
      const { id } = await passportTaken();
      const recording = await newText(id);
      expectOk(await sendFrames(id, recording.id, ownFrames), '录制中的画面');
      await w.clock.advance(15_500);
      expectOk(await sendVideo(id, recording.id, video15), '提交视频');
      expectOk(await smith.post(`/api/buyer/applications/${id}/submit`), '提交');
      const before = ((await stored(id)).steps as any).videoFrames;
      const text = ((await stored(id)).steps as any).videoText;
      const r = await sendFrames(id, text.id, await stillSeries(engine, fixture('a1'), 4, 9));
      expect(r.status).toBe(409);
      expect(((await stored(id)).steps as any).videoFrames).toEqual(before);
    });
  });
});
