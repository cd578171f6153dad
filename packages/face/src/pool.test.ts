// The worker pool: analysis happens off the main thread, and a full queue refuses at once.
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFacePool, FaceBusyError, type FacePool } from './pool';
import { fixture } from './testing/fixtures';

let pool: FacePool;

beforeAll(async () => {
  pool = await createFacePool({ size: 1, queueLimit: 2 });
});
afterAll(() => pool?.close());

describe('face pool', () => {
  it('analyses in a worker thread, not the caller’s, and answers what the engine answers', async () => {
    const [a1, b1] = await pool.analyzeAll([fixture('a1'), fixture('b1')]);
    expect(a1!.faces).toHaveLength(1);
    expect(b1!.faces).toHaveLength(1);
    expect(pool.compare(a1!.faces[0]!.embedding, b1!.faces[0]!.embedding)).toBeLessThan(pool.thresholds.match);
    expect(pool.stats().threadIds).not.toContain(threadId);
    expect(pool.stats().completed).toBeGreaterThanOrEqual(2);
    expect(pool.info.models.map((m) => m.name)).toContain('faceres');
  });

  it('keeps the caller’s bytes intact (the server stores them after analysis)', async () => {
    const bytes = fixture('c1');
    const copy = Buffer.from(bytes);
    await pool.analyze(bytes);
    expect(Buffer.compare(bytes, copy)).toBe(0);
  });

  it('refuses new work with a retry estimate when the queue is full, and still finishes what it took', async () => {
    const admitted = pool.analyzeAll([fixture('a1'), fixture('a2'), fixture('b1'), fixture('c1')]); // idle queue: taken whole
    let refused: unknown;
    try {
      await pool.analyze(fixture('a1'));
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(FaceBusyError);
    expect((refused as FaceBusyError).code).toBe('face_busy');
    expect((refused as FaceBusyError).retryAfter).toBeGreaterThanOrEqual(1);
    expect((await admitted).map((f) => f.faces.length)).toEqual([1, 1, 1, 1]);
    expect((await pool.analyze(fixture('a1'))).faces).toHaveLength(1); // room again
  });

  it('rejects an image it cannot decode without losing the worker', async () => {
    await expect(pool.analyze(Buffer.from('not an image'))).rejects.toThrow();
    expect((await pool.analyze(fixture('b1'))).faces).toHaveLength(1);
  });
});
