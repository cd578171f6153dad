/** Where the face is against the oval (the middle of the frame), from a detector's boxes. */
export function faceGuidance(
  faces: { boundingBox: { x: number; y: number; width: number; height: number } }[],
  w: number,
  h: number,
): string | null {
  if (!w || !h) return null;
  if (faces.length === 0) return '未检测到人脸，请将面部置于椭圆框内';
  if (faces.length > 1) return '画面中有多张人脸，请确保只有本人';
  const b = faces[0]!.boundingBox;
  if (b.height < h * 0.3) return '请靠近一些';
  if (b.height > h * 0.85) return '请离远一些';
  const cx = (b.x + b.width / 2) / w;
  const cy = (b.y + b.height / 2) / h;
  if (Math.abs(cx - 0.5) > 0.15 || Math.abs(cy - 0.5) > 0.18) return '请将面部移到椭圆框中央';
  return null;
}
