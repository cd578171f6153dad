// Each liveness rule on hand-made frame values: one test per rule that fails without the rule.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from './config';
import { judgeLiveness, pickChallenge } from './liveness';
import type { FaceAnalysis, FrameAnalysis } from './types';

const t = DEFAULT_THRESHOLDS;
const person = Array.from({ length: 16 }, (_, i) => (i % 2 ? 0 : 1 + (i % 3)));
const stranger = Array.from({ length: 16 }, (_, i) => (i % 2 ? 1 : 0.05));

function face(over: Partial<FaceAnalysis> = {}): FaceAnalysis {
  return {
    box: [100, 100, 200, 200],
    detectionScore: 0.9,
    embedding: person,
    antispoof: 0.8,
    liveness: 0.9,
    pose: { yaw: 0, pitch: 0, roll: 0 },
    eyeOpenness: { left: 0.3, right: 0.3, mean: 0.3 },
    mouthOpenness: 0.05,
    sizeRatio: 0.2,
    landmarks: [],
    ...over,
  };
}
function frame(i: number, faces: FaceAnalysis[]): FrameAnalysis {
  return {
    sha256: `frame${String(i).padStart(3, '0')}`.padEnd(64, 'f'),
    width: 640,
    height: 480,
    thumb: new Uint8Array(1024).fill(10 + i * 5),
    faces,
    ms: 1,
  };
}
/** rest, rest, then the given faces, then rest twice */
function series(action: Partial<FaceAnalysis>[]): FrameAnalysis[] {
  const faces = [face(), face(), ...action.map((a) => face(a)), face(), face()];
  return faces.map((f, i) => frame(i, [f]));
}
const turnLeft = series([
  { pose: { yaw: 10, pitch: 0, roll: 0 } },
  { pose: { yaw: 25, pitch: 0, roll: 0 } },
  { pose: { yaw: 20, pitch: 0, roll: 0 } },
]);
const judge = (c: Parameters<typeof judgeLiveness>[0], f: FrameAnalysis[]) => judgeLiveness(c, f, t);

describe('judgeLiveness', () => {
  it('passes a head turned to the left when turn-left was asked, with its evidence', () => {
    const d = judgeLiveness('turn-left', turnLeft, t, {
      now: new Date('2026-03-01T08:00:00Z'),
      engine: { library: 'h', version: '1', backend: 'wasm', models: [] },
    });
    expect(d.passed).toBe(true);
    expect(d.reason).toBe('');
    expect(d.scores.action).toBe(25);
    expect(d.frames.map((f) => f.sha256)).toEqual(turnLeft.map((f) => f.sha256));
    expect(d.thresholds.turnYaw).toBe(t.turnYaw);
    expect(d.decidedAt).toBe('2026-03-01T08:00:00.000Z');
    expect(d.engine?.backend).toBe('wasm');
    expect(d.referenceEmbedding).toEqual(person);
  });

  it('fails the same turn when turn-right was asked: wrong direction', () => {
    const d = judge('turn-right', turnLeft);
    expect(d.passed).toBe(false);
    expect(d.failures).toEqual(['wrong-direction']);
    expect(d.reason).toContain('方向');
  });

  it('fails a turn that stays under the yaw threshold', () => {
    const d = judge('turn-left', series([{ pose: { yaw: t.turnYaw - 1, pitch: 0, roll: 0 } }]));
    expect(d.failures).toEqual(['action-not-observed']);
  });

  it('measures the turn from the resting pose, and needs a frontal rest', () => {
    // already turned at rest: the same 25° is no movement at all
    const turned = series([{ pose: { yaw: 25, pitch: 0, roll: 0 } }]).map((f) => ({
      ...f,
      faces: [face({ ...f.faces[0], pose: { yaw: 25, pitch: 0, roll: 0 } })],
    }));
    expect(judge('turn-left', turned).failures).toEqual(['no-baseline']);
  });

  it('passes a blink (eyes close then open again) and fails eyes that stay shut', () => {
    const shut = { eyeOpenness: { left: 0.08, right: 0.08, mean: 0.08 } };
    expect(judge('blink', series([shut, {}])).passed).toBe(true);
    const staysShut = series([shut, shut, shut]).slice(0, -2);
    expect(judge('blink', staysShut).failures).toEqual(['action-not-observed']);
    expect(judge('blink', series([{ eyeOpenness: { left: 0.25, right: 0.25, mean: 0.25 } }, {}])).failures).toEqual([
      'action-not-observed',
    ]);
  });

  it('passes an opened mouth and fails a slightly parted one', () => {
    expect(judge('open-mouth', series([{ mouthOpenness: 0.5 }])).passed).toBe(true);
    expect(judge('open-mouth', series([{ mouthOpenness: 0.15 }])).failures).toEqual(['action-not-observed']);
  });

  it('fails a static photo: every frame the same pose', () => {
    const still = series([{}, {}, {}]);
    for (const c of ['blink', 'turn-left', 'turn-right', 'open-mouth'] as const)
      expect(judge(c, still).failures).toEqual(['action-not-observed']);
  });

  it('tolerates a frame a slow camera repeated, and judges the series without it', () => {
    const f = [...turnLeft];
    f[4] = { ...f[4]!, sha256: f[1]!.sha256 }; // the same bytes again, later in the series
    const d = judge('turn-left', f);
    expect(d.passed).toBe(true);
    expect(d.frames[4]!.repeat).toBe(true);
    expect(d.frames.filter((x) => x.repeat)).toHaveLength(1);
    // a re-encoded copy (other bytes, the same picture) of the previous frame is a repeat too
    const g = turnLeft.map((x) => ({ ...x }));
    g[2] = { ...g[2]!, thumb: new Uint8Array(g[1]!.thumb) };
    g[2]!.thumb[0] = g[2]!.thumb[0]! + 3; // well under the threshold on average
    expect(judge('turn-left', g).frames[2]!.repeat).toBe(true);
  });

  it('fails a series in which more than a few frames are repeats, even when the action is there', () => {
    const twice = turnLeft.flatMap((x) => [x, x]);
    const d = judge('turn-left', twice);
    expect(d.failures).toEqual(['duplicate-frame']);
    expect(d.reason).toContain('同一画面被重复提交');
    expect(d.reason).not.toMatch(/[A-Za-z]/); // the buyer's language only; the app words it per locale
  });

  it('fails one still picture sent over and over: repeats and no movement', () => {
    const still = Array.from({ length: 10 }, () => turnLeft[0]!);
    for (const c of ['blink', 'turn-left', 'turn-right', 'open-mouth'] as const) {
      const d = judge(c, still);
      expect(d.passed).toBe(false);
      expect(d.failures).toContain('duplicate-frame');
    }
  });

  it('fails a frame with no face, and a frame with two faces', () => {
    const none = turnLeft.map((x, i) => (i === 3 ? { ...x, faces: [] } : x));
    expect(judge('turn-left', none).failures).toContain('no-face');
    const two = turnLeft.map((x, i) =>
      i === 3 ? { ...x, faces: [x.faces[0]!, face({ box: [400, 100, 150, 150] })] } : x,
    );
    const d = judge('turn-left', two);
    expect(d.failures).toEqual(['multiple-faces']);
    expect(d.checks.find((c) => c.rule === 'multiple-faces')?.frame).toBe(3);
  });

  it('fails when another person appears during the series', () => {
    const f = turnLeft.map((x, i) => (i === 4 ? { ...x, faces: [{ ...x.faces[0]!, embedding: stranger }] } : x));
    expect(judge('turn-left', f).failures).toEqual(['different-person']);
  });

  it('fails low anti-spoof and low liveness scores (median over the frames)', () => {
    const spoof = turnLeft.map((x) => ({ ...x, faces: [{ ...x.faces[0]!, antispoof: t.antispoof - 0.1 }] }));
    expect(judge('turn-left', spoof).failures).toEqual(['antispoof']);
    const dead = turnLeft.map((x) => ({ ...x, faces: [{ ...x.faces[0]!, liveness: t.liveness - 0.1 }] }));
    expect(judge('turn-left', dead).failures).toEqual(['liveness']);
    // one bad frame does not sink a good series
    const oneBad = turnLeft.map((x, i) => (i === 3 ? { ...x, faces: [{ ...x.faces[0]!, antispoof: 0.1 }] } : x));
    expect(judge('turn-left', oneBad).passed).toBe(true);
  });

  it('fails too few and too many frames', () => {
    expect(judge('turn-left', turnLeft.slice(0, t.minFrames - 1)).failures).toEqual(['frame-count']);
    const many = Array.from({ length: t.maxFrames + 1 }, (_, i) =>
      frame(i, [face(i === 3 ? { pose: { yaw: 30, pitch: 0, roll: 0 } } : {})]),
    );
    expect(judge('turn-left', many).failures).toEqual(['frame-count']);
  });
});

describe('pickChallenge', () => {
  it('only picks from the allowed set and can pick each of them', () => {
    expect(pickChallenge(['blink'])).toBe('blink');
    const seen = new Set(
      [0, 0.3, 0.6, 0.99].map((r) => pickChallenge(['blink', 'turn-left', 'turn-right', 'open-mouth'], () => r)),
    );
    expect(seen).toEqual(new Set(['blink', 'turn-left', 'turn-right', 'open-mouth']));
    expect(() => pickChallenge([])).toThrow();
  });
});
