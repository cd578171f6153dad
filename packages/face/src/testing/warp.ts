// Pixel edits on raw RGB that make a still portrait perform a challenge: a head turn (the face
// mapped onto a cylinder and rotated), closed eyes, an open mouth. Test support only.
import type { RgbImage } from '../types';

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, hi));

function sample(img: RgbImage, x: number, y: number, out: Uint8Array, o: number): void {
  // bilinear
  const x0 = clamp(Math.floor(x), 0, img.width - 1);
  const y0 = clamp(Math.floor(y), 0, img.height - 1);
  const x1 = Math.min(x0 + 1, img.width - 1);
  const y1 = Math.min(y0 + 1, img.height - 1);
  const fx = clamp(x - x0, 0, 1);
  const fy = clamp(y - y0, 0, 1);
  for (let c = 0; c < 3; c++) {
    const a = img.data[(y0 * img.width + x0) * 3 + c]!;
    const b = img.data[(y0 * img.width + x1) * 3 + c]!;
    const d = img.data[(y1 * img.width + x0) * 3 + c]!;
    const e = img.data[(y1 * img.width + x1) * 3 + c]!;
    out[o + c] = Math.round((a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy);
  }
}

export interface FaceGeometry {
  cx: number;
  cy: number;
  /** half width and half height of the head region */
  rx: number;
  ry: number;
}

/**
 * Rotate the head by `deg` about the vertical axis: the head is treated as a cylinder of radius
 * rx, so features slide sideways and one cheek is compressed — what the mesh reads as yaw.
 * deg > 0 turns the person to THEIR left (nose moves to the image's right).
 */
export function turnHead(img: RgbImage, g: FaceGeometry, deg: number): RgbImage {
  const out = new Uint8Array(img.data);
  const theta = (deg * Math.PI) / 180;
  const r = g.rx;
  for (let y = Math.max(0, Math.floor(g.cy - g.ry)); y < Math.min(img.height, Math.ceil(g.cy + g.ry)); y++) {
    const dy = (y - g.cy) / g.ry;
    const vertical = Math.sqrt(Math.max(0, 1 - dy * dy)); // elliptical head outline
    const rr = r * vertical;
    if (rr < 2) continue;
    for (let x = Math.max(0, Math.floor(g.cx - rr)); x < Math.min(img.width, Math.ceil(g.cx + rr)); x++) {
      const u = (x - g.cx) / rr;
      const phiOut = Math.asin(clamp(u, -1, 1));
      const phiSrc = phiOut - theta;
      // blend towards the unwarped picture near the outline so no seam shows
      const edge = clamp((1 - Math.abs(u)) / 0.15, 0, 1);
      if (phiSrc < -Math.PI / 2 || phiSrc > Math.PI / 2) continue;
      const xs = g.cx + rr * Math.sin(phiSrc);
      const xsBlend = x + (xs - x) * edge;
      sample(img, xsBlend, y, out, (y * img.width + x) * 3);
    }
  }
  return { data: out, width: img.width, height: img.height };
}

type Pt = number[];

function average(img: RgbImage, pts: Pt[]): [number, number, number] {
  const s = [0, 0, 0];
  let n = 0;
  for (const p of pts) {
    const x = clamp(Math.round(p[0]!), 0, img.width - 1);
    const y = clamp(Math.round(p[1]!), 0, img.height - 1);
    for (let c = 0; c < 3; c++) s[c]! += img.data[(y * img.width + x) * 3 + c]!;
    n++;
  }
  return [s[0]! / n, s[1]! / n, s[2]! / n];
}

/**
 * Close the eyes by `amount` (0 open … 1 shut): the eye opening is painted with the skin just
 * above it (the eyelid) and a dark lash line is drawn where the lids meet.
 */
export function closeEyes(img: RgbImage, mesh: Pt[], amount: number): RgbImage {
  if (amount <= 0) return img;
  const out = new Uint8Array(img.data);
  const eyes = [
    { outer: 33, inner: 133, upper: [246, 161, 160, 159, 158, 157, 173], lower: [7, 163, 144, 145, 153, 154, 155] },
    { outer: 263, inner: 362, upper: [466, 388, 387, 386, 385, 384, 398], lower: [249, 390, 373, 374, 380, 381, 382] },
  ];
  for (const eye of eyes) {
    const a = mesh[eye.outer]!;
    const b = mesh[eye.inner]!;
    const cx = (a[0]! + b[0]!) / 2;
    const cy = (a[1]! + b[1]!) / 2;
    const halfW = (Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!) / 2) * 1.25;
    const upperY = Math.min(...eye.upper.map((i) => mesh[i]![1]!));
    const lowerY = Math.max(...eye.lower.map((i) => mesh[i]![1]!));
    const halfH = Math.max(3, ((lowerY - upperY) / 2) * 1.6);
    // skin: a band above the upper lid (the lid skin) and below the lower lid
    const lid = average(
      img,
      eye.upper.map((i) => [mesh[i]![0]!, mesh[i]![1]! - halfH * 1.1]),
    );
    const cheek = average(
      img,
      eye.lower.map((i) => [mesh[i]![0]!, mesh[i]![1]! + halfH * 0.9]),
    );
    const lineY = cy + halfH * 0.25;
    for (let y = Math.floor(cy - halfH * 1.3); y <= Math.ceil(cy + halfH * 1.3); y++) {
      for (let x = Math.floor(cx - halfW * 1.2); x <= Math.ceil(cx + halfW * 1.2); x++) {
        if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue;
        const d = Math.hypot((x - cx) / halfW, (y - cy) / halfH);
        if (d > 1.2) continue;
        const w = amount * clamp((1.2 - d) / 0.35, 0, 1);
        const t = clamp((y - (cy - halfH)) / (2 * halfH), 0, 1);
        const o = (y * img.width + x) * 3;
        const lash = Math.abs(y - lineY) < Math.max(1, halfH * 0.12) && d < 0.95 ? 0.75 : 0;
        for (let c = 0; c < 3; c++) {
          const skin = lid[c]! * (1 - t) + cheek[c]! * t;
          const paint = skin * (1 - lash) + 25 * lash;
          out[o + c] = Math.round(img.data[o + c]! * (1 - w) + paint * w);
        }
      }
    }
  }
  return { data: out, width: img.width, height: img.height };
}

/**
 * Open the mouth by `px` pixels: everything below the lips' meeting line (jaw and chin) slides
 * down, fading out below the chin, and the gap is filled with the dark of the mouth's inside.
 */
export function openMouth(img: RgbImage, mesh: Pt[], px: number): RgbImage {
  if (px <= 0) return img;
  const out = new Uint8Array(img.data);
  const left = mesh[61]!;
  const right = mesh[291]!;
  const lipY = (mesh[13]![1]! + mesh[14]![1]!) / 2;
  const cx = (left[0]! + right[0]!) / 2;
  const mouthHalf = Math.abs(right[0]! - left[0]!) / 2;
  const chinY = mesh[152]![1]!;
  const reach = mouthHalf * 2.2; // the jaw drops over about twice the mouth's width
  const fadeEnd = chinY + (chinY - lipY) * 1.5;
  for (let y = Math.max(0, Math.floor(lipY)); y < Math.min(img.height, Math.ceil(fadeEnd + px)); y++) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x < Math.min(img.width, Math.ceil(cx + reach)); x++) {
      const dx = (x - cx) / reach;
      const profile = Math.max(0, 1 - dx * dx * dx * dx); // flat under the mouth, fading at the jaw
      const down = y <= chinY + px ? 1 : clamp(1 - (y - chinY - px) / (fadeEnd - chinY), 0, 1);
      const shift = px * profile * down;
      const o = (y * img.width + x) * 3;
      if (y < lipY + shift) {
        const m = (x - cx) / mouthHalf; // the opening is a lens between the mouth corners
        if (Math.abs(m) < 1 && y < lipY + shift * Math.sqrt(1 - m * m)) {
          const depth = 1 - Math.abs(m);
          out[o] = Math.round(80 - 50 * depth);
          out[o + 1] = Math.round(30 - 20 * depth);
          out[o + 2] = Math.round(30 - 20 * depth);
          continue;
        }
        sample(img, x, lipY, out, o);
        continue;
      }
      sample(img, x, y - shift, out, o);
    }
  }
  return { data: out, width: img.width, height: img.height };
}

/** Camera sensor noise (deterministic per seed), so no two synthesized frames are identical. */
export function addNoise(img: RgbImage, seed: number, amplitude = 3): RgbImage {
  const out = new Uint8Array(img.data.length);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const n = ((s >>> 0) % (2 * amplitude + 1)) - amplitude;
    out[i] = clamp(img.data[i]! + n, 0, 255);
  }
  return { data: out, width: img.width, height: img.height };
}

/** Small head sway and exposure flicker, as between two real camera frames. */
export function jitter(img: RgbImage, dx: number, dy: number, gain: number): RgbImage {
  const out = new Uint8Array(img.data.length);
  const px = new Uint8Array(3);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      sample(img, x - dx, y - dy, px, 0);
      const o = (y * img.width + x) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = clamp(Math.round(px[c]! * gain), 0, 255);
    }
  }
  return { data: out, width: img.width, height: img.height };
}
