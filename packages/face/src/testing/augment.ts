// Image augmentations used to measure thresholds: what a phone camera or a scanned document does
// to a face (crop, size, light, compression, tilt, blur, mirror).
import sharp from 'sharp';
import type { Box } from '../types';

export interface Variant {
  name: string;
  image: Buffer;
}

/** `box` (the face, from a first analysis) drives the crops; the rest work on the whole image. */
export async function augment(image: Buffer, box: Box): Promise<Variant[]> {
  const meta = await sharp(image).metadata();
  const W = meta.width ?? 0;
  const H = meta.height ?? 0;
  const crop = async (scale: number) => {
    const cx = box[0] + box[2] / 2;
    const cy = box[1] + box[3] / 2;
    const half = (Math.max(box[2], box[3]) * scale) / 2;
    const left = Math.max(0, Math.round(cx - half));
    const top = Math.max(0, Math.round(cy - half));
    const width = Math.min(W - left, Math.round(2 * half));
    const height = Math.min(H - top, Math.round(2 * half));
    return sharp(image).extract({ left, top, width, height }).png().toBuffer();
  };
  const s = () => sharp(image);
  return [
    { name: 'original', image },
    { name: 'crop-1.5', image: await crop(1.5) },
    { name: 'crop-2.5', image: await crop(2.5) },
    {
      name: 'scale-0.5',
      image: await s()
        .resize(Math.round(W * 0.5))
        .png()
        .toBuffer(),
    },
    {
      name: 'scale-0.25',
      image: await s()
        .resize(Math.round(W * 0.25))
        .png()
        .toBuffer(),
    },
    { name: 'dark-0.6', image: await s().modulate({ brightness: 0.6 }).png().toBuffer() },
    { name: 'bright-1.4', image: await s().modulate({ brightness: 1.4 }).png().toBuffer() },
    { name: 'jpeg-q30', image: await s().jpeg({ quality: 30 }).toBuffer() },
    { name: 'jpeg-q60', image: await s().jpeg({ quality: 60 }).toBuffer() },
    { name: 'rotate+8', image: await s().rotate(8, { background: '#808080' }).png().toBuffer() },
    { name: 'rotate-8', image: await s().rotate(-8, { background: '#808080' }).png().toBuffer() },
    { name: 'blur-1.5', image: await s().blur(1.5).png().toBuffer() },
    { name: 'mirror', image: await s().flop().png().toBuffer() },
  ];
}
