// The portrait on an ID card front or a passport photo page: the largest face in the image.
import sharp from 'sharp';
import { largestFace } from './engine';
import { countFaces } from './faces';
import type { NodeFaceEngine } from './node';
import type { FaceAnalysis } from './types';

export { largestFace };

export interface Portrait {
  face: FaceAnalysis;
  /** the portrait cut out with a margin, JPEG: for the notary's review page */
  image: Buffer;
  /** SHA-256 of the document image analysed */
  sha256: string;
}

/** Detect and crop the portrait of a document photo; undefined when there is no face at all. */
export async function cropPortrait(
  engine: NodeFaceEngine,
  document: Uint8Array,
  margin = 0.35,
): Promise<Portrait | undefined> {
  const frame = await engine.analyze(document);
  // the main face: the largest confident detection (a ghost portrait or a hologram is smaller)
  const face = countFaces(frame, engine.thresholds).main;
  if (!face) return undefined;
  const [x, y, w, h] = face.box;
  const left = Math.max(0, Math.floor(x - w * margin));
  const top = Math.max(0, Math.floor(y - h * margin));
  const width = Math.min(frame.width - left, Math.ceil(w * (1 + 2 * margin)));
  const height = Math.min(frame.height - top, Math.ceil(h * (1 + 2 * margin)));
  const image = await sharp(document).rotate().extract({ left, top, width, height }).jpeg({ quality: 92 }).toBuffer();
  return { face, image, sha256: frame.sha256 };
}
