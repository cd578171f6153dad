// How many people a frame shows. The detector reports candidates: the person's face, sometimes the
// same face twice, and sometimes faces that are not another person in front of the camera (a
// poster, a passport's small ghost portrait, a pattern that looks like a face). A second face
// counts only when it is a confident detection of comparable size — to the main face or to the
// frame (a person standing behind is still a person). Pure: no engine.
import { compare } from './match';
import type { Box, FaceAnalysis, FaceCountThresholds, FrameAnalysis } from './types';

export type IgnoredWhy = 'duplicate' | 'low-score' | 'small';

export interface FaceCount {
  /** the person's face: the largest confident detection (or the largest of all, if none is confident) */
  main?: FaceAnalysis;
  /** further faces that count as other people: a frame that must show one person is refused */
  others: FaceAnalysis[];
  /** detections that do not count, with the rule that set them aside (kept for the evidence) */
  ignored: { face: FaceAnalysis; why: IgnoredWhy }[];
}

const area = (b: Box) => Math.max(0, b[2]) * Math.max(0, b[3]);

/** Share of the smaller box that lies inside the other: one face reported twice is ≈ 1. */
export function overlapOfSmaller(a: Box, b: Box): number {
  const x0 = Math.max(a[0], b[0]);
  const y0 = Math.max(a[1], b[1]);
  const x1 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y1 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const smaller = Math.min(area(a), area(b));
  return smaller > 0 ? inter / smaller : 0;
}

export function countFaces(frame: Pick<FrameAnalysis, 'faces' | 'width'>, t: FaceCountThresholds): FaceCount {
  const ignored: FaceCount['ignored'] = [];
  // one face seen twice (two detector scales, a slightly shifted box): keep the surer detection
  const distinct: FaceAnalysis[] = [];
  // — or two overlapping boxes whose descriptors say it is one person (a box shifted at the frame's edge)
  const oneFace = (k: FaceAnalysis, f: FaceAnalysis) => {
    const o = overlapOfSmaller(k.box, f.box);
    return (
      o >= t.faceMergeOverlap ||
      (o > 0 && k.embedding.length > 0 && f.embedding.length > 0 && compare(k.embedding, f.embedding) >= t.sameSession)
    );
  };
  for (const f of [...frame.faces].sort((a, b) => b.detectionScore - a.detectionScore)) {
    if (distinct.some((k) => oneFace(k, f))) ignored.push({ face: f, why: 'duplicate' });
    else distinct.push(f);
  }
  const bySize = [...distinct].sort((a, b) => area(b.box) - area(a.box));
  const main = bySize.find((f) => f.detectionScore >= t.secondFaceScore) ?? bySize[0];
  const others: FaceAnalysis[] = [];
  for (const f of bySize) {
    if (f === main) continue;
    if (f.detectionScore < t.secondFaceScore) ignored.push({ face: f, why: 'low-score' });
    else if (area(f.box) < t.secondFaceShare * area(main!.box) && f.box[2] < t.secondFaceWidth * frame.width)
      ignored.push({ face: f, why: 'small' });
    else others.push(f);
  }
  return { main, others, ignored };
}

/** The frame with only the faces that count, main face first (what the rules and callers use). */
export function countedFaces(frame: FrameAnalysis, t: FaceCountThresholds): FrameAnalysis {
  const c = countFaces(frame, t);
  return { ...frame, faces: c.main ? [c.main, ...c.others] : [] };
}
