// Liveness end to end: frames made from the fixture photos, analysed by the real engine, judged.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeLiveness } from './liveness';
import { createFaceEngine, type NodeFaceEngine } from './node';
import { fixture } from './testing/fixtures';
import { stillSeries, synthesizeChallenge } from './testing/synthesize-challenge';
import type { Challenge, FrameAnalysis } from './types';

let engine: NodeFaceEngine;
const analyse = async (frames: Buffer[]) => {
  const out: FrameAnalysis[] = [];
  for (const f of frames) out.push(await engine.analyze(f));
  return out;
};
const judge = (c: Challenge, frames: FrameAnalysis[]) =>
  judgeLiveness(c, frames, engine.thresholds, { engine: engine.info });

let turnLeftA: Buffer[];
let stillA: Buffer[];

beforeAll(async () => {
  engine = await createFaceEngine();
  turnLeftA = await synthesizeChallenge(engine, fixture('a1'), 'turn-left');
  stillA = await stillSeries(engine, fixture('a1'), 8);
});

describe('liveness on synthesized camera frames', () => {
  it.each([
    ['a1', 'blink'],
    ['a1', 'open-mouth'],
    ['b1', 'turn-right'],
    ['b1', 'turn-left'],
  ] as const)(
    'passes %s performing %s',
    async (who, challenge) => {
      const d = judge(challenge, await analyse(await synthesizeChallenge(engine, fixture(who), challenge)));
      expect(d.failures).toEqual([]);
      expect(d.passed).toBe(true);
      expect(d.referenceEmbedding).toHaveLength(1024);
    },
    240_000,
  ); // a series is synthesized and analysed: minutes when the two cores are shared

  it('passes turn-left and keeps the evidence: hashes, scores, thresholds, models, time', async () => {
    const frames = await analyse(turnLeftA);
    const d = judge('turn-left', frames);
    expect(d.passed).toBe(true);
    expect(d.challenge).toBe('turn-left');
    expect(d.frames).toHaveLength(turnLeftA.length);
    expect(new Set(d.frames.map((f) => f.sha256)).size).toBe(turnLeftA.length);
    expect(d.scores.action).toBeGreaterThanOrEqual(engine.thresholds.turnYaw);
    expect(d.scores.antispoofMedian).toBeGreaterThanOrEqual(engine.thresholds.antispoof);
    expect(d.engine?.models.find((m) => m.name === 'faceres')?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.now() - Date.parse(d.decidedAt)).toBeLessThan(60_000);
    // the live face becomes the reference: it matches another photo of the same person
    const idCard = (await engine.analyze(fixture('idCardA'))).faces[0]!;
    expect(engine.compare(d.referenceEmbedding!, idCard.embedding)).toBeGreaterThanOrEqual(engine.thresholds.match);
  });

  it('fails the same turn when turn-right was asked', async () => {
    const d = judge('turn-right', await analyse(turnLeftA));
    expect(d.passed).toBe(false);
    expect(d.failures).toContain('wrong-direction');
  });

  it('fails a photo held still to the camera, whatever the challenge', async () => {
    const frames = await analyse(stillA);
    for (const c of ['blink', 'turn-left', 'turn-right', 'open-mouth'] as const) {
      const d = judge(c, frames);
      expect(d.passed, c).toBe(false);
      expect(d.failures, c).toEqual(['action-not-observed']);
    }
  });

  it('fails one frame sent repeatedly', async () => {
    const d = judge('blink', await analyse(new Array(8).fill(stillA[0]!)));
    expect(d.passed).toBe(false);
    expect(d.failures).toContain('duplicate-frame');
  });

  it('passes a series in which a slow camera repeated one frame (re-encoded), and fails one with many', async () => {
    const copy = (f: Buffer) => sharp(f).jpeg({ quality: 80 }).toBuffer(); // other bytes, the same picture
    const once = [...turnLeftA];
    once[5] = await copy(turnLeftA[4]!);
    const d1 = judge('turn-left', await analyse(once));
    expect(d1.passed).toBe(true);
    expect(d1.frames.filter((f) => f.repeat).map((f) => f.index)).toEqual([5]);
    const many = await Promise.all(turnLeftA.map((f, i) => (i % 2 ? copy(turnLeftA[i - 1]!) : f)));
    const d2 = judge('turn-left', await analyse(many));
    expect(d2.failures).toContain('duplicate-frame');
  });

  it('fails when a second person is in the frames', async () => {
    const other = await sharp(fixture('c1')).resize(160, 160).toBuffer();
    const frames = await Promise.all(
      turnLeftA.map((f) =>
        sharp(f)
          .composite([{ input: other, left: 470, top: 300 }])
          .jpeg()
          .toBuffer(),
      ),
    );
    const analysed = await analyse(frames);
    expect(analysed.every((f) => f.faces.length === 2)).toBe(true);
    const d = judge('turn-left', analysed);
    expect(d.failures).toContain('multiple-faces');
  });

  it('fails when the person changes during the series', async () => {
    const frames = [...turnLeftA];
    frames[frames.length - 1] = (await stillSeries(engine, fixture('b1'), 1))[0]!;
    const d = judge('turn-left', await analyse(frames));
    expect(d.failures).toContain('different-person');
  });

  it('fails a computer-generated face on the liveness score', async () => {
    const d = judge('blink', await analyse(await stillSeries(engine, fixture('c1'), 6)));
    expect(d.failures).toContain('liveness');
  });
});
