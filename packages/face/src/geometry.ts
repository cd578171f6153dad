// Challenge geometry from the 468/478-point face mesh (MediaPipe topology). Pure: no tfjs here.

export type Point = [number, number, number?] | number[];

// MediaPipe face-mesh indices. "right" is the person's right eye (on the image's left).
const RIGHT_EYE = { outer: 33, inner: 133, upper: [160, 159, 158], lower: [144, 145, 153] };
const LEFT_EYE = { outer: 263, inner: 362, upper: [387, 386, 385], lower: [373, 374, 380] };
const MOUTH = { upperInner: 13, lowerInner: 14, leftCorner: 308, rightCorner: 78 };

function dist(a: Point, b: Point): number {
  return Math.hypot((a[0] ?? 0) - (b[0] ?? 0), (a[1] ?? 0) - (b[1] ?? 0));
}

/** Eye aspect ratio (Soukupová & Čech 2016): mean lid gap over eye width. */
function eyeAspect(mesh: Point[], eye: typeof RIGHT_EYE): number {
  const width = dist(mesh[eye.outer]!, mesh[eye.inner]!);
  if (width <= 0) return 0;
  let gap = 0;
  for (let i = 0; i < eye.upper.length; i++) gap += dist(mesh[eye.upper[i]!]!, mesh[eye.lower[i]!]!);
  return gap / eye.upper.length / width;
}

export function eyeOpenness(mesh: Point[]): { left: number; right: number; mean: number } {
  if (mesh.length < 468) return { left: 0, right: 0, mean: 0 };
  const left = eyeAspect(mesh, LEFT_EYE);
  const right = eyeAspect(mesh, RIGHT_EYE);
  return { left, right, mean: (left + right) / 2 };
}

/** Inner-lip gap over mouth width: 0 closed, ~0.3 talking, > 0.5 wide open. */
export function mouthOpenness(mesh: Point[]): number {
  if (mesh.length < 468) return 0;
  const width = dist(mesh[MOUTH.leftCorner]!, mesh[MOUTH.rightCorner]!);
  return width > 0 ? dist(mesh[MOUTH.upperInner]!, mesh[MOUTH.lowerInner]!) / width : 0;
}

const DEG = 180 / Math.PI;

/** Human reports radians; its yaw is positive when the nose points to the image's left (the
 * person's right), so we flip it to make "turn-left" positive (see HeadPose). */
export function poseFromHuman(angle: { yaw: number; pitch: number; roll: number } | undefined): {
  yaw: number;
  pitch: number;
  roll: number;
} {
  if (!angle) return { yaw: 0, pitch: 0, roll: 0 };
  return { yaw: -angle.yaw * DEG, pitch: angle.pitch * DEG, roll: angle.roll * DEG };
}

/** Yaw sign check that does not depend on the model: where the nose tip sits between the cheeks.
 * > 0 when the nose is right of centre in the image (person turned to their left). */
export function noseOffset(mesh: Point[]): number {
  if (mesh.length < 468) return 0;
  const nose = mesh[1]!;
  const rightCheek = mesh[234]!; // image left
  const leftCheek = mesh[454]!; // image right
  const half = (leftCheek[0]! - rightCheek[0]!) / 2;
  if (half === 0) return 0;
  return (nose[0]! - (rightCheek[0]! + half)) / half;
}
