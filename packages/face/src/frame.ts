// Frame fingerprints: a 32×32 grey thumbnail to spot one picture sent again under other bytes
// (re-encoded, re-sized). Pure: works on raw RGB in the browser and in Node.
import type { RgbImage } from './types';

export const THUMB_SIZE = 32;

/** Box-average the image down to THUMB_SIZE² grey levels (ITU-R BT.601 luma). */
export function thumbnail(img: RgbImage): Uint8Array {
  const out = new Uint8Array(THUMB_SIZE * THUMB_SIZE);
  const { data, width, height } = img;
  for (let ty = 0; ty < THUMB_SIZE; ty++) {
    const y0 = Math.floor((ty * height) / THUMB_SIZE);
    const y1 = Math.max(y0 + 1, Math.floor(((ty + 1) * height) / THUMB_SIZE));
    for (let tx = 0; tx < THUMB_SIZE; tx++) {
      const x0 = Math.floor((tx * width) / THUMB_SIZE);
      const x1 = Math.max(x0 + 1, Math.floor(((tx + 1) * width) / THUMB_SIZE));
      let sum = 0;
      let n = 0;
      // sample every other pixel: enough for an average, halves the cost on big frames
      for (let y = y0; y < y1; y += 2) {
        for (let x = x0; x < x1; x += 2) {
          const i = (y * width + x) * 3;
          sum += 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
          n++;
        }
      }
      out[ty * THUMB_SIZE + tx] = Math.round(sum / Math.max(n, 1));
    }
  }
  return out;
}

/** Mean absolute difference of two thumbnails, 0–255. */
export function thumbDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) return 255;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (const b of u8) s += b.toString(16).padStart(2, '0');
  return s;
}
