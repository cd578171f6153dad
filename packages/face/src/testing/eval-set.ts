// A larger, harder evaluation set made from what the project ships: the fixture portraits cut out
// (soft oval around head and shoulders) and composited onto backgrounds drawn here (patterns,
// posters with small printed faces, windows), scaled, rotated, cropped at the edges, badly
// exposed, JPEG-compressed and re-photographed (moiré, blur). Nothing is downloaded: every pixel
// comes from fixtures/ (provenance in fixtures/README.md) or from the code below.
import sharp, { type OverlayOptions } from 'sharp';
import type { Box } from '../types';

export type Person = 'a' | 'b' | 'c';
export interface Portrait {
  name: string;
  person: Person;
  image: Buffer;
  /** the face box in `image`, from an analysis of the clean fixture */
  box: Box;
}

export type Background = 'plain' | 'stripes' | 'checker' | 'noise' | 'posters' | 'window';
export const BACKGROUNDS: readonly Background[] = ['plain', 'stripes', 'checker', 'noise', 'posters', 'window'];
/** Face width as a share of the frame width. 0.10 is a face of 64 px in a 640 px frame. */
export const SCALES = [0.1, 0.2, 0.35, 0.5, 0.65, 0.8] as const;

export interface EvalCase {
  id: string;
  kind: 'single' | 'two-people' | 'passport-ghost';
  /** who is in the picture (the main face first) */
  people: Person[];
  /** how many faces of distinct people a correct detector + rule reports */
  expectFaces: number;
  params: {
    background: Background;
    scale: number;
    rotate: number;
    quality: number;
    exposure: number;
    edge: boolean;
    rephoto: boolean;
    portrait: string;
  };
  image: Buffer;
}

export const FRAME = { width: 640, height: 480 } as const;

/** Small deterministic PRNG (mulberry32): the same seed gives the same set. */
export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hsl = (r: () => number, l = 0.3 + r() * 0.5) =>
  `hsl(${Math.floor(r() * 360)},${Math.floor(30 + r() * 60)}%,${Math.floor(l * 100)}%)`;

/** Head and shoulders of a portrait under a feathered oval: RGBA, the face box at a known place. */
export async function cutout(p: Portrait): Promise<{ image: Buffer; width: number; height: number; face: Box }> {
  const [x, y, w, h] = p.box;
  const W = Math.round(w * 2.2);
  const H = Math.round(h * 2.6);
  const left = Math.round(x + w / 2 - W / 2);
  const top = Math.round(y + h / 2 - H * 0.38);
  const upright = await sharp(p.image).rotate().removeAlpha().png().toBuffer({ resolveWithObject: true });
  const iw = upright.info.width;
  const ih = upright.info.height;
  // repeat the edge pixels where the oval reaches past the photo (a mirror would add a second face)
  const pad = {
    left: Math.max(0, -left),
    top: Math.max(0, -top),
    right: Math.max(0, left + W - iw),
    bottom: Math.max(0, top + H - ih),
  };
  const padded = await sharp(upright.data)
    .extend({ ...pad, extendWith: 'copy' })
    .png()
    .toBuffer();
  const rgb = await sharp(padded)
    .extract({ left: left + pad.left, top: top + pad.top, width: W, height: H })
    .removeAlpha()
    .raw()
    .toBuffer();
  const mask = await sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="black"/><ellipse cx="${W / 2}" cy="${H * 0.55}" rx="${W * 0.46}" ry="${H * 0.47}" fill="white"/></svg>`,
    ),
  )
    .blur(Math.max(1, W * 0.03))
    .greyscale()
    .raw()
    .toBuffer();
  const rgba = Buffer.alloc(W * H * 4);
  for (let i = 0; i < W * H; i++) {
    rgba[i * 4] = rgb[i * 3]!;
    rgba[i * 4 + 1] = rgb[i * 3 + 1]!;
    rgba[i * 4 + 2] = rgb[i * 3 + 2]!;
    rgba[i * 4 + 3] = mask[i * (mask.length / (W * H))]!;
  }
  const image = await sharp(rgba, { raw: { width: W, height: H, channels: 4 } })
    .png()
    .toBuffer();
  return { image, width: W, height: H, face: [x - left, y - top, w, h] };
}

/** A background of the given kind. Posters carry small printed faces of `others`. */
export async function background(
  kind: Background,
  r: () => number,
  others: Portrait[],
  maxPrintedFace = 0.1,
  width: number = FRAME.width,
  height: number = FRAME.height,
): Promise<Buffer> {
  const svg = (body: string) =>
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`);
  const rect = `<rect width="100%" height="100%" fill="${hsl(r)}"/>`;
  switch (kind) {
    case 'plain':
      return sharp(svg(rect)).png().toBuffer();
    case 'stripes': {
      const w = 6 + Math.floor(r() * 30);
      return sharp(
        svg(
          `<defs><pattern id="p" width="${w * 2}" height="${w * 2}" patternUnits="userSpaceOnUse" patternTransform="rotate(${Math.floor(r() * 180)})"><rect width="${w * 2}" height="${w * 2}" fill="${hsl(r)}"/><rect width="${w}" height="${w * 2}" fill="${hsl(r)}"/></pattern></defs><rect width="100%" height="100%" fill="url(#p)"/>`,
        ),
      )
        .png()
        .toBuffer();
    }
    case 'checker': {
      const w = 10 + Math.floor(r() * 40);
      return sharp(
        svg(
          `<defs><pattern id="p" width="${w * 2}" height="${w * 2}" patternUnits="userSpaceOnUse" patternTransform="rotate(${Math.floor(r() * 45)})"><rect width="${w * 2}" height="${w * 2}" fill="${hsl(r, 0.85)}"/><rect width="${w}" height="${w}" fill="${hsl(r, 0.15)}"/><rect x="${w}" y="${w}" width="${w}" height="${w}" fill="${hsl(r, 0.15)}"/></pattern></defs><rect width="100%" height="100%" fill="url(#p)"/>`,
        ),
      )
        .png()
        .toBuffer();
    }
    case 'noise': {
      // coloured blobs: random pixels blurred into a busy, photo-like texture
      const small = Buffer.alloc(40 * 30 * 3);
      for (let i = 0; i < small.length; i++) small[i] = Math.floor(r() * 256);
      return sharp(small, { raw: { width: 40, height: 30, channels: 3 } })
        .resize(width, height, { kernel: 'cubic' })
        .blur(2)
        .png()
        .toBuffer();
    }
    case 'window': {
      // a bright window behind the subject: panes near white, dark frames (backlight)
      const cols = 2 + Math.floor(r() * 3);
      const rows = 2 + Math.floor(r() * 2);
      let panes = '';
      const x0 = width * (0.05 + r() * 0.2);
      const y0 = height * (0.05 + r() * 0.1);
      const ww = width * 0.7;
      const wh = height * 0.75;
      panes += `<rect x="${x0 - 12}" y="${y0 - 12}" width="${ww + 24}" height="${wh + 24}" fill="#2b2b2b"/>`;
      for (let i = 0; i < cols; i++) {
        for (let j = 0; j < rows; j++) {
          const pw = ww / cols;
          const ph = wh / rows;
          panes += `<rect x="${x0 + i * pw + 4}" y="${y0 + j * ph + 4}" width="${pw - 8}" height="${ph - 8}" fill="hsl(205,60%,${85 + Math.floor(r() * 12)}%)"/>`;
        }
      }
      return sharp(svg(`<rect width="100%" height="100%" fill="${hsl(r, 0.35)}"/>${panes}`))
        .png()
        .toBuffer();
    }
    case 'posters': {
      // 2–4 posters on a wall, each with a printed face of another person at 4–10 % of the frame
      // width, and never more than `maxPrintedFace` (smaller than the person in front of them)
      const layers: OverlayOptions[] = [];
      const n = 2 + Math.floor(r() * 3);
      for (let i = 0; i < n; i++) {
        const p = others[Math.floor(r() * others.length)]!;
        const faceW = width * Math.min(maxPrintedFace, 0.04 + r() * 0.06);
        const k = faceW / p.box[2];
        const pw = Math.round(p.box[2] * 2.4 * k);
        const ph = Math.round(p.box[3] * 3.2 * k);
        const left = Math.max(0, Math.round(p.box[0] + p.box[2] / 2 - pw / k / 2));
        const top = Math.max(0, Math.round(p.box[1] - p.box[3] * 0.8));
        const meta = await sharp(p.image).metadata();
        const ew = Math.min(meta.width! - left, Math.round(pw / k));
        const eh = Math.min(meta.height! - top, Math.round(ph / k));
        const printed = await sharp(p.image)
          .extract({ left, top, width: ew, height: eh })
          .resize(pw, ph, { fit: 'fill' })
          .modulate({ saturation: 0.6 + r() * 0.4, brightness: 0.9 + r() * 0.2 })
          .extend({ top: 6, bottom: 24, left: 6, right: 6, background: '#f4f1ea' })
          .png()
          .toBuffer();
        layers.push({
          input: printed,
          left: Math.floor(r() * (width - pw - 12)),
          top: Math.floor(r() * (height - ph - 30)),
        });
      }
      return sharp(svg(rect)).composite(layers).png().toBuffer();
    }
  }
}

export interface Placement {
  /** face width / frame width */
  scale: number;
  rotate: number;
  /** face centre, as a share of the frame */
  cx: number;
  cy: number;
}

/** Paste cut-outs onto a background; a placement may run past the frame's edge (it is cropped). */
export async function composite(
  bg: Buffer,
  people: { cut: Awaited<ReturnType<typeof cutout>>; at: Placement }[],
  width: number = FRAME.width,
  height: number = FRAME.height,
): Promise<Buffer> {
  const margin = Math.max(width, height) * 2;
  const layers: OverlayOptions[] = [];
  for (const { cut, at } of people) {
    const k = (at.scale * width) / cut.face[2];
    const w = Math.max(8, Math.round(cut.width * k));
    const h = Math.max(8, Math.round(cut.height * k));
    let img = sharp(cut.image).resize(w, h);
    let [rw, rh] = [w, h];
    if (at.rotate) {
      const rot = await img
        .rotate(at.rotate, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
        .png()
        .toBuffer({ resolveWithObject: true });
      img = sharp(rot.data);
      [rw, rh] = [rot.info.width, rot.info.height];
    }
    // the face centre in the (rotated) cut-out: rotation is about the cut-out's centre
    const fx = (cut.face[0] + cut.face[2] / 2) * k - w / 2;
    const fy = (cut.face[1] + cut.face[3] / 2) * k - h / 2;
    const a = (at.rotate * Math.PI) / 180;
    const rx = rw / 2 + fx * Math.cos(a) - fy * Math.sin(a);
    const ry = rh / 2 + fx * Math.sin(a) + fy * Math.cos(a);
    layers.push({
      input: await img.png().toBuffer(),
      left: Math.round(margin + at.cx * width - rx),
      top: Math.round(margin + at.cy * height - ry),
    });
  }
  const canvas = await sharp(bg)
    .resize(width, height)
    .extend({ top: margin, bottom: margin, left: margin, right: margin, background: '#000' })
    .composite(layers)
    .png()
    .toBuffer();
  return sharp(canvas).extract({ left: margin, top: margin, width, height }).png().toBuffer();
}

/** Exposure, a phone screen photographed again (moiré + blur) and the JPEG quality, last. */
export async function finish(
  image: Buffer,
  o: { exposure: number; rephoto: boolean; quality: number },
  r: () => number,
  width: number = FRAME.width,
  height: number = FRAME.height,
): Promise<Buffer> {
  let s = sharp(image).removeAlpha();
  if (o.exposure !== 1) s = s.linear(o.exposure, o.exposure > 1 ? 10 : 0);
  let buf = await s.png().toBuffer();
  if (o.rephoto) {
    const pitch = 2.5 + r() * 2;
    const moire = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><pattern id="m" width="${pitch}" height="${pitch}" patternUnits="userSpaceOnUse" patternTransform="rotate(${(r() * 10 - 5).toFixed(1)})"><rect width="${pitch}" height="${pitch}" fill="white"/><rect width="${(pitch / 2).toFixed(2)}" height="${pitch}" fill="#9a9a9a"/></pattern></defs><rect width="100%" height="100%" fill="url(#m)"/></svg>`,
    );
    buf = await sharp(buf)
      .composite([{ input: moire, blend: 'multiply' }])
      .blur(0.8 + r() * 1.2)
      .linear(1.25, 0)
      .png()
      .toBuffer();
  }
  return sharp(buf).jpeg({ quality: o.quality }).toBuffer();
}

/**
 * The set: every portrait at every scale (one background each, rotating through the kinds), with
 * random rotation (±20°), exposure (under, normal, over), JPEG quality (30–95), edge crops (one in
 * five) and re-photographing (one in four); plus two-people frames (comparable sizes) and
 * passport pages with a ghost portrait. `perScale` cases per portrait and scale.
 */
export async function* evalSet(
  portraits: Portrait[],
  passport: { image: Buffer; box: Box; person: Person },
  opts: { seed?: number; perScale?: number; scales?: readonly number[] } = {},
): AsyncGenerator<EvalCase> {
  const r = prng(opts.seed ?? 1);
  const scales = opts.scales ?? SCALES;
  const cuts = new Map<string, Awaited<ReturnType<typeof cutout>>>();
  for (const p of portraits) cuts.set(p.name, await cutout(p));
  let n = 0;
  const exposures = [0.45, 1, 1, 1.7];
  for (const p of portraits) {
    const others = portraits.filter((o) => o.person !== p.person);
    for (const scale of scales) {
      for (let k = 0; k < (opts.perScale ?? 1); k++) {
        const bgKind = BACKGROUNDS[n % BACKGROUNDS.length]!;
        const edge = r() < 0.2;
        const params = {
          background: bgKind,
          scale,
          rotate: Math.round((r() * 40 - 20) * 10) / 10,
          quality: 30 + Math.floor(r() * 66),
          exposure: exposures[Math.floor(r() * exposures.length)]!,
          edge,
          rephoto: r() < 0.25,
          portrait: p.name,
        };
        // the face stays whole in the frame unless this is an edge case (then about a quarter is cut off)
        const half = Math.min(0.5, scale / 2);
        const cx = edge ? (r() < 0.5 ? half * 0.5 : 1 - half * 0.5) : half + r() * (1 - 2 * half);
        const halfY = Math.min(0.5, (scale * FRAME.width * 1.2) / FRAME.height / 2);
        const cy = halfY + r() * Math.max(0, 1 - 2 * halfY);
        const bg = await background(bgKind, r, others, scale * 0.6);
        const img = await composite(bg, [{ cut: cuts.get(p.name)!, at: { scale, rotate: params.rotate, cx, cy } }]);
        yield {
          id: `single-${n++}`,
          kind: 'single',
          people: [p.person],
          expectFaces: 1,
          params,
          image: await finish(img, params, r),
        };
      }
    }
  }
  // two real people side by side, faces of comparable size (side ratio 0.75–1)
  for (let i = 0; i < portraits.length; i++) {
    for (let j = 0; j < portraits.length; j++) {
      const a = portraits[i]!;
      const b = portraits[j]!;
      if (a.person === b.person || i > j) continue;
      for (const scale of [0.2, 0.3]) {
        const ratio = 0.75 + r() * 0.25;
        const params = {
          background: BACKGROUNDS[n % BACKGROUNDS.length]!,
          scale,
          rotate: Math.round((r() * 20 - 10) * 10) / 10,
          quality: 50 + Math.floor(r() * 46),
          exposure: 1,
          edge: false,
          rephoto: false,
          portrait: `${a.name}+${b.name}`,
        };
        const bg = await background(
          params.background,
          r,
          portraits.filter((o) => o.person !== a.person && o.person !== b.person),
          scale * 0.6 * ratio,
        );
        const img = await composite(bg, [
          { cut: cuts.get(a.name)!, at: { scale, rotate: params.rotate, cx: 0.28, cy: 0.45 } },
          { cut: cuts.get(b.name)!, at: { scale: scale * ratio, rotate: -params.rotate, cx: 0.74, cy: 0.5 } },
        ]);
        yield {
          id: `two-${n++}`,
          kind: 'two-people',
          people: [a.person, b.person],
          expectFaces: 2,
          params,
          image: await finish(img, params, r),
        };
      }
    }
  }
  // passport pages with the security "ghost" portrait: the same face again, small and faded
  for (const ghostShare of [0.35, 0.45, 0.55]) {
    const meta = await sharp(passport.image).metadata();
    const [x, y, w, h] = passport.box;
    const left = Math.max(0, Math.round(x - w * 0.35));
    const top = Math.max(0, Math.round(y - h * 0.45));
    const pw = Math.min(meta.width! - left, Math.round(w * 1.7));
    const ph = Math.min(meta.height! - top, Math.round(h * 2.1));
    const gw = Math.round(pw * ghostShare);
    const gh = Math.round(ph * ghostShare);
    const ghost = await sharp(passport.image)
      .extract({ left, top, width: pw, height: ph })
      .resize(gw, gh)
      .greyscale()
      .linear(0.45, 140)
      .png()
      .toBuffer();
    const image = await sharp(passport.image)
      .composite([{ input: ghost, left: Math.round(meta.width! * 0.62), top: Math.round(meta.height! * 0.5) }])
      .jpeg({ quality: 90 })
      .toBuffer();
    const params = {
      background: 'plain' as const,
      scale: ghostShare,
      rotate: 0,
      quality: 90,
      exposure: 1,
      edge: false,
      rephoto: false,
      portrait: 'passport+ghost',
    };
    yield { id: `ghost-${n++}`, kind: 'passport-ghost', people: [passport.person], expectFaces: 1, params, image };
  }
}
