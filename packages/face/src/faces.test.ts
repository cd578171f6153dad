// The face-count rule on hand-made detections: what counts as another person and what does not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from './config';
import { countFaces, overlapOfSmaller } from './faces';
import type { Box, FaceAnalysis } from './types';

const t = DEFAULT_THRESHOLDS;
function face(box: Box, detectionScore = 0.95): FaceAnalysis {
  return {
    box,
    detectionScore,
    embedding: [1, 0],
    antispoof: 0.8,
    liveness: 0.9,
    pose: { yaw: 0, pitch: 0, roll: 0 },
    eyeOpenness: { left: 0.3, right: 0.3, mean: 0.3 },
    mouthOpenness: 0,
    sizeRatio: 0,
    landmarks: [],
  };
}
const people = (faces: FaceAnalysis[]) => {
  const c = countFaces({ faces, width: 640 }, t);
  return c.main ? 1 + c.others.length : 0;
};

describe('countFaces', () => {
  it('counts one face reported twice (two detector scales) once, keeping the surer box', () => {
    const c = countFaces(
      { faces: [face([100, 100, 200, 200], 0.85), face([110, 105, 190, 195], 0.97)], width: 640 },
      t,
    );
    expect(c.main?.detectionScore).toBe(0.97);
    expect(c.others).toEqual([]);
    expect(c.ignored.map((i) => i.why)).toEqual(['duplicate']);
  });

  it('refuses two real people: a confident second face of comparable size', () => {
    expect(people([face([50, 100, 150, 150]), face([400, 120, 120, 120], 0.9)])).toBe(2);
  });

  it('sets aside a small printed face (a poster, a ghost portrait) however sure the detector is', () => {
    const side = Math.floor(Math.min(300 * Math.sqrt(t.secondFaceShare), t.secondFaceWidth * 640)) - 2;
    const c = countFaces({ faces: [face([50, 100, 300, 300]), face([500, 20, side, side], 0.99)], width: 640 }, t);
    expect(c.others).toEqual([]);
    expect(c.ignored.map((i) => i.why)).toEqual(['small']);
  });

  it('counts someone standing further back: small beside the main face, but not small in the frame', () => {
    const side = Math.ceil(t.secondFaceWidth * 640) + 2;
    expect(side * side).toBeLessThan(t.secondFaceShare * 400 * 400);
    expect(people([face([0, 0, 400, 400]), face([450, 50, side, side], 0.9)])).toBe(2);
  });

  it('sets aside an unsure detection of any size (a pattern that looks like a face)', () => {
    const c = countFaces(
      { faces: [face([50, 100, 150, 150]), face([300, 50, 300, 300], t.secondFaceScore - 0.05)], width: 640 },
      t,
    );
    expect(c.main?.box).toEqual([50, 100, 150, 150]); // the confident face is the person, not the bigger unsure one
    expect(c.ignored.map((i) => i.why)).toEqual(['low-score']);
  });

  it('takes the largest detection when none is confident, and finds no one in an empty frame', () => {
    expect(
      countFaces({ faces: [face([0, 0, 40, 40], 0.5), face([100, 0, 60, 60], 0.4)], width: 640 }, t).main?.box,
    ).toEqual([100, 0, 60, 60]);
    expect(countFaces({ faces: [], width: 640 }, t).main).toBeUndefined();
  });

  it('property: adding small or unsure detections never changes how many people a frame shows', () => {
    const box = fc
      .tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 20, max: 300 }))
      .map(([x, y, s]) => [x, y, s, s] as Box);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(box, fc.double({ min: 0.3, max: 1, noNaN: true })), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(box, fc.boolean()), { maxLength: 4 }),
        (real, noise) => {
          const base = real.map(([b, s]) => face(b, s));
          const before = countFaces({ faces: base, width: 640 }, t);
          if (!before.main || before.main.detectionScore < t.secondFaceScore) return; // only frames with a confident main face
          const mainArea = before.main.box[2] * before.main.box[3];
          const extra = noise
            .map(([b, unsure]) => {
              const k = Math.sqrt((t.secondFaceShare * 0.9 * mainArea) / (b[2] * b[3]));
              const side = Math.min(b[2] * Math.min(1, k), t.secondFaceWidth * 640 * 0.95);
              return unsure ? face(b, t.secondFaceScore - 0.1) : face([b[0], b[1], side, side], 0.99);
            })
            .filter((f) => f.box[2] * f.box[3] < mainArea && base.every((b) => overlapOfSmaller(b.box, f.box) === 0)); // elsewhere, never a new, larger main face
          expect(people([...base, ...extra])).toBe(people(base));
        },
      ),
    );
  });
});
