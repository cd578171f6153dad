import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import { synthesizeChallenge } from '@netsign/face/testing/synthesize-challenge';
import { fixture } from '@netsign/face/testing/fixtures';
import { demoWorld, type DemoWorld } from '../../testing/world';
import type { ApiClient } from '../../testing/http-client';
import { signInBuyer, claimWithConsent } from '../../testing/buyer-session';
import { DEMO_BUYERS } from '../../demo/demo-accounts';
import { expectOk } from '../../demo/walk/expect';

// Issue 16 item 3: a slow phone repeats a camera frame now and then, which must not refuse a real
// person; a replayed photo (one picture over and over) must still be refused. Refusals carry the
// failed rule as a stable code the app words for the buyer, and Chinese only.
describe('人脸识别: repeated camera frames against a replayed photo', () => {
  let w: DemoWorld;
  let engine: NodeFaceEngine;
  let zhang: ApiClient;
  let appId: string;
  let businessNo: string;

  let blink: Buffer[]; // person-a blinking, as the camera gives it
  const send = async (frames: Buffer[]) => {
    const ch = expectOk(
      await zhang.post(`/api/buyer/applications/${appId}/face/challenge`, { stage: 'first' }),
      '人脸识别',
    );
    expect(ch.action).toBe('blink');
    return zhang.post(`/api/buyer/applications/${appId}/face/frames`, {
      challengeId: ch.id,
      frames: frames.map((x) => x.toString('base64')),
    });
  };

  beforeAll(async () => {
    [w, engine] = await Promise.all([demoWorld({ env: { FACE_CHALLENGES: 'blink' } }), createFaceEngine()]);
    blink = await synthesizeChallenge(engine, fixture('a1'), 'blink', { seed: 32 });
    const c = await w.pushedContract([DEMO_BUYERS[0]]);
    businessNo = c.businessNo;
    zhang = await signInBuyer(w, DEMO_BUYERS[0].phone);
    appId = await claimWithConsent(zhang, c.token, 0);
  }, 300_000); // a server and the face models start in minutes on busy cores
  afterAll(async () => {
    engine?.dispose();
    await w?.close();
  });

  it('refuses one picture sent over and over (422, violation duplicate-frame, a Chinese message with the next step)', async () => {
    const r = await send(blink.map(() => blink[0]!));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('FACE_VERIFICATION_FAILED');
    expect(r.body.violations.map((v: any) => v.code)).toContain('duplicate-frame');
    expect(r.body.violations.every((v: any) => v.field === 'frames')).toBe(true);
    expect(r.body.message).toMatch(/^人脸识别未通过：/);
    expect(r.body.message).toContain('重新识别');
    expect(r.body.message).not.toMatch(/[A-Za-z]/);
  }, 300_000); // the frames are analysed in a minute or more on busy cores

  it('accepts a performed action in which the camera repeated one frame, and marks the repeat in the evidence', async () => {
    const r = await send([...blink.slice(0, 4), blink[3]!, ...blink.slice(4)]); // frame 3 twice, as a busy phone gives it
    expect(r.status).toBe(200);
    expect(r.body.passed).toBe(true);
    const list = expectOk(await w.notary.get('/api/notary/cases'), '收件箱').items as any[];
    const row = list.find((c) => c.businessNo === businessNo);
    const detail = expectOk(await w.notary.get(`/api/notary/cases/${row.id}`), '案件页面');
    const first = detail.applications[0].evidence.first;
    expect(first.frames.filter((f: any) => f.repeat).map((f: any) => f.index)).toEqual([4]);
    expect(first.checks.find((c: any) => c.rule === 'duplicate-frame')).toMatchObject({ passed: true, frame: 4 });
  }, 300_000);
});
