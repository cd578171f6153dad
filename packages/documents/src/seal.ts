// The red round company seal (公章): the organisation's name on the upper arc, a five-pointed
// star in the middle, an optional label (合同专用章, 公证专用章 …) below it. Glyphs are drawn as
// vector outlines (not text) so the seal is a picture: it does not pollute text extraction.
import type { Font } from 'fontkit';
import { fontObject } from './fonts.ts';
import { RED } from './layout.ts';

const sealFont = (): Font => fontObject('Bold');

/** Draw one glyph run centred at (0,0) of the current transform, `size` points high. */
function drawGlyphs(doc: PDFKit.PDFDocument, text: string, size: number, stretchY = 1): void {
  const f = sealFont();
  const run = f.layout(text);
  const s = size / f.unitsPerEm;
  const total = run.glyphs.reduce((w, g) => w + g.advanceWidth, 0) * s;
  let x = -total / 2;
  for (const g of run.glyphs) {
    doc.save();
    // font units are y-up; baseline sits ~0.38 em below the visual centre of a CJK glyph
    doc.translate(x, size * 0.38 * stretchY).scale(s, -s * stretchY);
    doc.path(g.path.toSVG()).fill(RED);
    doc.restore();
    x += g.advanceWidth * s;
  }
}

function star(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number): void {
  const pts: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.382;
    pts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  doc.polygon(...pts).fill(RED);
}

export interface SealOptions {
  label?: string;
  opacity?: number;
}

/** Draw a seal of radius r centred at (cx, cy). */
export function drawSeal(
  doc: PDFKit.PDFDocument,
  cx: number,
  cy: number,
  r: number,
  name: string,
  o: SealOptions = {},
): void {
  doc.save();
  doc.fillOpacity(o.opacity ?? 0.88).strokeOpacity(o.opacity ?? 0.88);
  doc
    .circle(cx, cy, r * 0.96)
    .lineWidth(r * 0.055)
    .strokeColor(RED)
    .stroke();
  star(doc, cx, cy, r * 0.3);
  const chars = [...name];
  const n = chars.length;
  // longer names take more of the circle and smaller characters, as on real seals
  const span = Math.min(250, 120 + n * 9) * (Math.PI / 180);
  const size = Math.min(r * 0.3, ((r * 0.72 * span) / n) * 0.9);
  const radius = r * 0.93 - r * 0.055 - size * 0.72;
  chars.forEach((ch, i) => {
    const a = -span / 2 + (span * (i + 0.5)) / n; // 0 = 12 o'clock, clockwise
    doc.save();
    doc
      .translate(cx, cy)
      .rotate((a * 180) / Math.PI)
      .translate(0, -radius);
    drawGlyphs(doc, ch, size, 1.15);
    doc.restore();
  });
  if (o.label) {
    doc.save();
    doc.translate(cx, cy + r * 0.55);
    drawGlyphs(doc, o.label, Math.min(r * 0.2, (r * 1.1) / [...o.label].length));
    doc.restore();
  }
  doc.restore();
}
