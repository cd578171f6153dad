// The shared page layout: A4, Noto Sans SC embedded, header and "第 x 页 共 y 页" footer drawn
// once all pages exist, paragraphs that wrap, tables whose rows break across pages.
import PDFDocument from 'pdfkit';
import { encodeCffSubset } from './cff-subset.ts';
import { fontObject } from './fonts.ts';
import { createHash } from 'node:crypto';
import { encodeReference, MARKER, type DocumentKind } from './pki/policy.ts';

export function markerInfo(m: NonNullable<LayoutOptions['marker']>): Record<string, string> {
  const out: Record<string, string> = { [MARKER.kind]: m.kind, [MARKER.reference]: encodeReference(m.reference) };
  if (m.buyers !== undefined) out[MARKER.buyers] = String(m.buyers);
  if (m.buyerIndex !== undefined) out[MARKER.buyerIndex] = String(m.buyerIndex);
  return out;
}

type EmbeddedFont = { id: string; layoutCache?: object; subset: { glyphs: number[]; encode(): Buffer }; embed(): void };

/**
 * pdfkit derives the subset tag (ABCDEF+ in /BaseFont) from the font's resource id (F1, F2), so
 * every document — and every part a 公证书 joins — reused the same tag for different subsets,
 * which the PDF spec forbids (ISO 32000 9.6.4). The tag is made from a hash of the glyph set
 * instead: the same subset gives the same tag (output stays deterministic), different subsets
 * differ. pdfkit reads the tag from id characters 1–6 ('0'..'I' → 'A'..'Z') only inside embed(),
 * after the resource names were written, so the id is swapped just for that call.
 */
function uniqueSubsetTag(font: EmbeddedFont, weight: string): void {
  const embed = font.embed.bind(font);
  font.embed = () => {
    const h = createHash('sha256').update(weight).update(Uint32Array.from(font.subset.glyphs)).digest();
    const letters = [...h.subarray(0, 6)].map((b) => String.fromCharCode(48 + (b % 26))).join('');
    const id = font.id;
    font.id = `T${letters}`;
    try {
      embed();
    } finally {
      font.id = id;
    }
  };
}

export const RED = '#d2141e';
const BODY = 10.5; // 五号

export interface LayoutOptions {
  title: string;
  subject?: string;
  author?: string;
  header?: string; // printed at the top of every page but the first when headerOnFirst is false
  headerOnFirst?: boolean;
  footerNote?: string; // e.g. the fingerprint, printed beside the page number
  pageNumbers?: boolean;
  pageNumberFromBottom?: number; // where the page number line sits (points above the page's bottom edge), default 42
  creationDate?: Date; // fixed for reproducible output
  /** what the document is, for verifiers (policy.ts): written into the Info dictionary, covered by the first signature */
  marker?: { kind: DocumentKind; reference: string; buyers?: number; buyerIndex?: number };
}

// Text shaping results shared across documents. pdfkit keeps a per-document cache of laid-out
// strings keyed by text; the positions are scaled per font, not per document, and glyphs still
// enter each document's subset in encode(). Sharing it makes repeated model text nearly free.
// Bounded: checked every 32 documents, dropped past 40k entries.
const layoutCaches: Record<'body' | 'bold', Record<string, unknown>> = {
  body: Object.create(null),
  bold: Object.create(null),
};
let docsSinceCheck = 0;
function sharedLayoutCache(which: 'body' | 'bold'): Record<string, unknown> {
  if (++docsSinceCheck > 64) {
    docsSinceCheck = 0;
    for (const k of ['body', 'bold'] as const)
      if (Object.keys(layoutCaches[k]).length > 40_000) layoutCaches[k] = Object.create(null);
  }
  return layoutCaches[which];
}

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

export class Layout {
  readonly doc: PDFKit.PDFDocument;
  private readonly done: Promise<Buffer>;
  constructor(private readonly opts: LayoutOptions) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: 64, bottom: 64, left: 62, right: 62 },
      bufferPages: true,
      autoFirstPage: true,
      lang: 'zh-CN',
      displayTitle: true,
      info: {
        Title: opts.title,
        Subject: opts.subject ?? opts.title,
        Author: opts.author ?? 'netsign',
        Producer: 'netsign documents',
        Creator: 'netsign',
        CreationDate: opts.creationDate ?? new Date(),
        ...(opts.marker ? markerInfo(opts.marker) : {}),
      } as PDFKit.DocumentInfo,
    });
    const chunks: Buffer[] = [];
    this.doc.on('data', (c: Buffer) => chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.doc.registerFont('body', fontObject('Regular') as unknown as Buffer);
    this.doc.registerFont('bold', fontObject('Bold') as unknown as Buffer);
    for (const f of ['bold', 'body'] as const) {
      this.doc.font(f);
      const font = (this.doc as unknown as { _font: EmbeddedFont })._font;
      font.layoutCache = sharedLayoutCache(f);
      // same font program as fontkit's subsetter, written without its per-subroutine encoders
      const parsed = fontObject(f === 'bold' ? 'Bold' : 'Regular');
      font.subset.encode = () => encodeCffSubset(parsed, font.subset.glyphs);
      uniqueSubsetTag(font, f);
    }
    this.doc.fontSize(BODY).fillColor('black');
  }

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Start a new page when fewer than h points are left. */
  ensure(h: number): void {
    if (this.doc.y + h > this.bottom) this.doc.addPage();
  }

  newPage(): void {
    this.doc.addPage();
  }

  gap(pt = 6): void {
    this.doc.y += pt;
  }

  title(text: string, size = 20): void {
    this.ensure(size * 3);
    this.doc.font('bold').fontSize(size).text(text, this.left, this.doc.y, { width: this.width, align: 'center' });
    this.doc.font('body').fontSize(BODY);
    this.gap(size * 0.6);
  }

  heading(text: string, size = 13): void {
    this.ensure(size * 4); // keep a heading with the start of its text
    this.gap(6);
    this.doc.font('bold').fontSize(size).text(text, this.left, this.doc.y, { width: this.width, align: 'center' });
    this.doc.font('body').fontSize(BODY);
    this.gap(4);
  }

  article(text: string): void {
    this.ensure(BODY * 4);
    this.gap(3);
    this.doc
      .font('bold')
      .fontSize(BODY + 0.5)
      .text(text, this.left, this.doc.y, { width: this.width });
    this.doc.font('body').fontSize(BODY);
    this.gap(2);
  }

  /** A paragraph; indent adds the two-character first-line indent of Chinese prose. */
  para(
    text: string,
    o: {
      indent?: boolean;
      size?: number;
      align?: 'left' | 'center' | 'right' | 'justify';
      bold?: boolean;
      color?: string;
    } = {},
  ): void {
    const size = o.size ?? BODY;
    this.doc
      .font(o.bold ? 'bold' : 'body')
      .fontSize(size)
      .fillColor(o.color ?? 'black');
    this.doc.text(text, this.left, this.doc.y, {
      width: this.width,
      align: o.align ?? 'left',
      indent: o.indent ? size * 2 : 0,
      lineGap: size * 0.35,
      paragraphGap: size * 0.3,
    });
    for (const f of ['bold', 'body'] as const) {
      this.doc.font(f);
      (this.doc as unknown as { _font: { layoutCache?: object } })._font.layoutCache = sharedLayoutCache(f);
    }
    this.doc.fontSize(BODY).fillColor('black');
  }

  /** A bordered table; every cell wraps, a row that does not fit moves to the next page with the header repeated. */
  table(columns: Column[], rows: string[][], o: { header?: boolean; size?: number; labelColumn?: boolean } = {}): void {
    const size = o.size ?? 9.5;
    const pad = 4;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const doc = this.doc;
    doc.fontSize(size);
    const rowHeight = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'bold' : 'body');
      return (
        Math.max(...cells.map((t, i) => doc.heightOfString(t || ' ', { width: widths[i] - 2 * pad, lineGap: 1.5 }))) +
        2 * pad
      );
    };
    const drawRow = (cells: string[], bold: boolean, shade: boolean) => {
      const h = rowHeight(cells, bold);
      if (doc.y + h > this.bottom) {
        doc.addPage();
        if (o.header !== false)
          drawRow(
            columns.map((c) => c.header),
            true,
            true,
          );
      }
      const y = doc.y;
      let x = this.left;
      cells.forEach((t, i) => {
        if (shade || (o.labelColumn && i % 2 === 0)) doc.rect(x, y, widths[i], h).fillColor('#f2f2f2').fill();
        doc.rect(x, y, widths[i], h).lineWidth(0.6).strokeColor('#444').stroke();
        doc
          .fillColor('black')
          .font(bold || (o.labelColumn && i % 2 === 0) ? 'bold' : 'body')
          .fontSize(size);
        doc.text(t || '', x + pad, y + pad, {
          width: widths[i] - 2 * pad,
          align: columns[i].align ?? 'left',
          lineGap: 1.5,
        });
        x += widths[i];
      });
      doc.x = this.left;
      doc.y = y + h;
    };
    if (o.header !== false) {
      this.ensure(
        rowHeight(
          columns.map((c) => c.header),
          true,
        ) + rowHeight(rows[0] ?? [''], false),
      );
      drawRow(
        columns.map((c) => c.header),
        true,
        true,
      );
    }
    for (const r of rows) drawRow(r, false, false);
    doc.font('body').fontSize(BODY).fillColor('black');
    this.gap(8);
  }

  /** Label/value pairs as a two- or four-column bordered grid. */
  fields(pairs: [string, string][], perRow: 1 | 2 = 2): void {
    const rows: string[][] = [];
    for (let i = 0; i < pairs.length; i += perRow) {
      const row: string[] = [];
      for (let j = 0; j < perRow; j++) row.push(...(pairs[i + j] ?? ['', '']));
      rows.push(row);
    }
    const cols: Column[] =
      perRow === 2
        ? [
            { header: '', width: 2 },
            { header: '', width: 3 },
            { header: '', width: 2 },
            { header: '', width: 3 },
          ]
        : [
            { header: '', width: 1 },
            { header: '', width: 3 },
          ];
    this.table(cols, rows, { header: false, labelColumn: true });
  }

  /** An image scaled to fit the width (and at most maxHeight), centred, with an optional caption. */
  image(data: Uint8Array, o: { maxHeight?: number; caption?: string } = {}): void {
    const maxH = Math.min(o.maxHeight ?? 520, this.bottom - this.doc.page.margins.top - 30);
    const img = (this.doc as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(
      Buffer.from(data),
    );
    const scale = Math.min(this.width / img.width, maxH / img.height, 1.5);
    const w = img.width * scale;
    const h = img.height * scale;
    this.ensure(h + (o.caption ? 24 : 8));
    this.doc.image(img as unknown as Buffer, this.left + (this.width - w) / 2, this.doc.y, { width: w, height: h });
    this.doc.y += h + 4;
    if (o.caption) this.para(o.caption, { align: 'center', size: 9 });
    this.gap(6);
  }

  get pageCount(): number {
    return this.doc.bufferedPageRange().count;
  }

  /** Draw header and footer on every page, then end the document. `numbering` places these
   * pages inside a larger document (the 公证书 joins several parts). */
  async finish(numbering?: { offset: number; total: number; prefix?: string }): Promise<Buffer> {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    const n = numbering?.total ?? range.count;
    const offset = numbering?.offset ?? 0;
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      const m = doc.page.margins;
      const saved = m.bottom;
      m.bottom = 0; // writing in the margin must not trigger a new page
      doc.font('body').fontSize(8).fillColor('#555');
      const w = doc.page.width - m.left - m.right;
      if (this.opts.header && (i > 0 || this.opts.headerOnFirst)) {
        doc.text(this.opts.header, m.left, 34, { width: w, align: 'right', lineBreak: false });
        doc
          .moveTo(m.left, 46)
          .lineTo(m.left + w, 46)
          .lineWidth(0.5)
          .strokeColor('#999')
          .stroke();
      }
      const y = doc.page.height - (this.opts.pageNumberFromBottom ?? 42);
      if (this.opts.pageNumbers !== false) {
        doc.text(`${numbering?.prefix ?? ''}第 ${offset + i + 1} 页 共 ${n} 页`, m.left, y, {
          width: w,
          align: 'center',
          lineBreak: false,
        });
      }
      if (this.opts.footerNote) {
        doc.fontSize(7).text(this.opts.footerNote, m.left, y + 12, { width: w, align: 'center', lineBreak: false });
      }
      m.bottom = saved;
    }
    doc.fillColor('black');
    doc.end();
    return this.done;
  }
}
