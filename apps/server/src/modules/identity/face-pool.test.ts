import { threadId } from 'node:worker_threads';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '@netsign/face/testing/fixtures';
import { demoWorld, type DemoWorld } from '../../testing/world';
import type { ApiClient } from '../../testing/http-client';
import { signInBuyer, claimWithConsent } from '../../testing/buyer-session';
import { DEMO_BUYERS } from '../../demo/demo-accounts';
import { expectOk } from '../../demo/walk/expect';
import { faceEngine } from './face-engine';

// Face analysis runs in worker threads: a face check does not hold up other requests, and when
// too much face work waits the server says so (503 face_busy + Retry-After) instead of queueing.
describe('face analysis off the event loop', () => {
  let w: DemoWorld;
  let zhang: ApiClient;
  let appId: string;
  let frames: string[];

  beforeAll(async () => {
    // one worker and room for one waiting frame, so a 10-frame check fills the queue
    w = await demoWorld({ env: { FACE_WORKERS: '1', FACE_QUEUE_LIMIT: '1' } });
    const c = await w.pushedContract([DEMO_BUYERS[0]]);
    zhang = await signInBuyer(w, DEMO_BUYERS[0].phone);
    appId = await claimWithConsent(zhang, c.token, 0);
    // ten camera-sized frames of one portrait at slightly different exposures (a held photo)
    frames = await Promise.all(
      Array.from({ length: 10 }, async (_, i) =>
        (
          await sharp(fixture('a1'))
            .resize(640, 480, { fit: 'cover' })
            .modulate({ brightness: 0.95 + i * 0.01 })
            .jpeg({ quality: 85 })
            .toBuffer()
        ).toString('base64'),
      ),
    );
    await faceEngine(w.server.ctx); // models loaded before the race below
  });
  afterAll(async () => {
    await w?.close();
  });

  it('answers /api/health while a face check is being analysed, and runs the analysis in another thread; a full queue is 503 face_busy with Retry-After', async () => {
    const pool = await faceEngine(w.server.ctx);
    expect(pool.size).toBe(1);
    expect(pool.stats().threadIds).not.toContain(threadId);
    const ch = expectOk(
      await zhang.post(`/api/buyer/applications/${appId}/face/challenge`, { stage: 'first' }),
      '人脸识别',
    );
    const order: string[] = [];
    const before = pool.stats().completed;
    const face = zhang
      .post(`/api/buyer/applications/${appId}/face/frames`, { challengeId: ch.id, frames })
      .then((r) => {
        order.push('face');
        return r;
      });
    // wait until the worker holds the first frame
    while (pool.stats().running === 0) await new Promise((r) => setTimeout(r, 5));
    const health = w
      .client()
      .get('/api/health')
      .then((r) => {
        order.push('health');
        return r;
      });
    const busy = await zhang.post(`/api/buyer/applications/${appId}/face/frames`, {
      challengeId: ch.id,
      frames: frames.slice(0, 2),
    });
    const [h, f] = await Promise.all([health, face]);

    expect(order).toEqual(['health', 'face']);
    expect(h.status).toBe(200);
    expect(busy.status).toBe(503);
    expect(busy.body).toMatchObject({ code: 'face_busy', message: '人脸识别繁忙，请稍后重试' });
    expect(busy.body.retryAfter).toBeGreaterThanOrEqual(1);
    expect(busy.headers['retry-after']).toBe(String(busy.body.retryAfter));
    // the admitted check was judged on all of its frames (a held photo: refused, not busy)
    expect(f.status).toBe(422);
    expect(f.body.code).toBe('FACE_VERIFICATION_FAILED');
    expect(pool.stats().completed - before).toBe(10);
  });
});
