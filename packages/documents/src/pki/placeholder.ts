// Our signature placeholder writer: appends one incremental update (signature dictionary, widget,
// the first page with the widget in /Annots, the catalog with /AcroForm, a cross-reference section
// with /Prev) to the PDF bytes as they are. It never decodes the whole file: it reads the last
// startxref, walks the cross-reference sections (classic tables, xref streams, hybrid files), and
// parses only the objects it needs (catalog, page tree down to the first page, the AcroForm and
// /Annots when they are indirect), from their offsets or object streams. The input is copied once.
//
// It is used for every signature we make (the first and any later one), so placeholder kinds are
// never mixed in one file; existing AcroForm fields are kept, so earlier signatures stay in the form.

import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { PdfFile, type Val } from './pdf-reader.ts';
import { appendRevision, objectHeader, type NewObject } from './incremental.ts';

export interface PlaceholderOptions {
  reason: string;
  name: string;
  location?: string;
  contactInfo?: string;
  signingTime?: Date;
  signatureLength: number; // bytes reserved for the CMS (the hex string is twice as long)
  appName?: string;
  /**
   * A certification signature (ISO 32000-1 12.8.2.2) with this DocMDP level: 1 = no change
   * allowed after it, 2 = filling in forms and signing, 3 = also annotations. Only the first
   * signature of a document may certify. Omitted = an approval signature.
   */
  docMdp?: 1 | 2 | 3;
  /**
   * A visible signature: the widget on this page (0-based) at this rectangle (PDF user space,
   * [x1 y1 x2 y2]), its appearance the PNG given (a drawn signature, transparency kept). Omitted:
   * an invisible widget on the first page.
   */
  widget?: { page: number; rect: [number, number, number, number]; png?: Buffer };
  /** a PAdES document time-stamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161) instead of a signature */
  docTimeStamp?: boolean;
}

export interface Placeholder {
  pdf: Buffer; // input + the appended revision
  byteRangeAt: number; // offset of the "/ByteRange [...]" placeholder
  byteRangeLength: number; // its length in bytes (fill with spaces after the numbers)
  contentsOpen: number; // offset of "<" of /Contents
  contentsClose: number; // offset of ">" of /Contents
}

export const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 /********** /********** /**********]';

// ---------------------------------------------------------------------------------------------
// Writing.

/** A PDF text string: literal when printable ASCII, else UTF-16BE with BOM as hex. */
export function pdfText(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[()\\]/g, (c) => '\\' + c)})`;
  const be = Buffer.from('\ufeff' + s, 'utf16le').swap16();
  return `<${be.toString('hex').toUpperCase()}>`;
}

const pdfDate = (d: Date): string => `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;

/** A dictionary's text with some entries replaced (string) or added, in the original order. */
export function dictText(d: Val & { t: 'dict' }, set: Record<string, string>): string {
  const parts: string[] = [];
  for (const [k, v] of d.m) parts.push(`/${k} ${k in set ? set[k] : v.raw}`);
  for (const k of Object.keys(set)) if (!d.m.has(k)) parts.push(`/${k} ${set[k]}`);
  return `<<\n${parts.join('\n')}\n>>`;
}

const refText = (num: number, gen = 0) => `${num} ${gen} R`;

export function addSignaturePlaceholder(pdf: Buffer, o: PlaceholderOptions): Placeholder {
  const f = new PdfFile(pdf);
  if (f.trailer.has('Encrypt')) throw new Error('PDF: encrypted documents cannot be signed here');
  const rootRef = f.trailer.get('Root');
  const size = (f.trailer.get('Size') as { n?: number } | undefined)?.n;
  if (rootRef?.t !== 'ref' || !size) throw new Error('PDF: trailer without /Root or /Size');
  const catalog = f.get(rootRef.num);
  if (catalog.v.t !== 'dict') throw new Error('PDF: catalog is not a dictionary');

  // the widget's page (the first by default): down the page tree, skipping whole subtrees by /Count
  let pageRef: Val | undefined = catalog.v.m.get('Pages');
  let page: { v: Val; gen: number } | undefined;
  let skip = o.widget?.page ?? 0;
  for (let depth = 0; ; depth++) {
    if (pageRef?.t !== 'ref' || depth > 32) throw new Error(`PDF: cannot find page ${skip + 1}`);
    page = f.get(pageRef.num);
    if (page.v.t !== 'dict') throw new Error('PDF: page tree node is not a dictionary');
    const kids = f.resolve(page.v.m.get('Kids'));
    if (!kids) break;
    if (kids.t !== 'array' || !kids.items.length) throw new Error('PDF: empty page tree');
    let next: Val | undefined;
    for (const kid of kids.items) {
      const node = f.resolve(kid);
      const count =
        node?.t === 'dict' && node.m.has('Kids')
          ? ((f.resolve(node.m.get('Count')) as { n?: number } | undefined)?.n ?? 0)
          : 1;
      if (skip < count) {
        next = kid;
        break;
      }
      skip -= count;
    }
    if (!next) throw new Error(`PDF: the document has no page ${(o.widget?.page ?? 0) + 1}`);
    pageRef = next;
  }
  const pageNum = (pageRef as { num: number }).num;
  const pageDict = page.v as Val & { t: 'dict' };

  // existing form fields (earlier signatures) and annotations are kept
  const acro = f.resolve(catalog.v.m.get('AcroForm'));
  const acroDict = acro?.t === 'dict' ? acro : undefined;
  const fields = f.resolve(acroDict?.m.get('Fields'));
  const fieldRaws = fields?.t === 'array' ? fields.items.map((v) => v.raw) : [];
  const names = new Set<string>();
  for (const v of fields?.t === 'array' ? fields.items : []) {
    try {
      const t = (f.resolve(v) as { m?: Map<string, Val> } | undefined)?.m?.get('T');
      if (t) names.add(t.raw);
    } catch {
      /* unreadable field: its name cannot clash */
    }
  }
  if (o.docMdp) {
    const signed = (fields?.t === 'array' ? fields.items : []).some((v) => {
      try {
        const d = f.resolve(v) as { m?: Map<string, Val> } | undefined;
        return d?.m?.get('FT')?.raw === '/Sig' && d.m.has('V');
      } catch {
        return false;
      }
    });
    if (signed || catalog.v.m.has('Perms'))
      throw new Error('PDF: only the first signature of a document can be a certification');
  }
  let fieldName = '';
  for (let k = fieldRaws.length + 1; names.has((fieldName = pdfText(`Signature${k}`))); k++);
  const annots = f.resolve(pageDict.m.get('Annots'));
  const annotRaws = annots?.t === 'array' ? annots.items.map((v) => v.raw) : [];

  const sigNum = size,
    widgetNum = size + 1;
  const look = o.widget?.png ? appearance(o.widget.png, o.widget.rect, size + 2) : undefined;
  const next = size + 2 + (look?.objects.length ?? 0);
  const widget = refText(widgetNum);
  const now = o.signingTime ?? new Date();

  // the signature dictionary: its /ByteRange and /Contents are filled in place afterwards
  const contents = `/Contents <${'0'.repeat(o.signatureLength * 2)}>`;
  const reference = o.docMdp
    ? `/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${o.docMdp} /V /1.2 >> >>]\n`
    : '';
  const sigBody = o.docTimeStamp
    ? // PAdES document time-stamp (ETSI EN 319 142-1 5.4.3): the token is over the byte range; no signer fields
      `<<\n/Type /DocTimeStamp\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.RFC3161\n${BYTE_RANGE_PLACEHOLDER}\n${contents}\n>>`
    : `<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n${BYTE_RANGE_PLACEHOLDER}\n${contents}\n${reference}/M ${pdfDate(now)}\n/Name ${pdfText(o.name)}\n/Reason ${pdfText(o.reason)}\n/Location ${pdfText(o.location ?? '')}\n/ContactInfo ${pdfText(o.contactInfo ?? '')}\n` +
      `/Prop_Build << /Filter << /Name /Adobe.PPKLite >>${o.appName ? ` /App << /Name /${o.appName.replace(/[^A-Za-z0-9._-]/g, '')} >>` : ''} >>\n>>`;

  const rect = o.widget ? o.widget.rect.map((n) => +n.toFixed(2)).join(' ') : '0 0 0 0';
  const objects: NewObject[] = [
    { num: sigNum, body: sigBody },
    {
      num: widgetNum,
      body: `<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/Rect [${rect}]\n/V ${refText(sigNum)}\n/P ${refText(pageNum, page.gen)}\n/T ${fieldName}\n/F 132${look ? `\n/AP << /N ${refText(look.form)} >>` : ''}\n>>`,
    },
    ...(look?.objects ?? []).map(([num, body]) => ({ num, body })),
    { num: pageNum, gen: page.gen, body: dictText(pageDict, { Annots: `[${[...annotRaws, widget].join(' ')}]` }) },
  ];
  const acroText = acroDict
    ? dictText(acroDict, { Fields: `[${[...fieldRaws, widget].join(' ')}]`, SigFlags: '3' })
    : `<< /Fields [${widget}] /SigFlags 3 >>`;
  objects.push({
    num: rootRef.num,
    gen: catalog.gen,
    body: dictText(catalog.v, {
      AcroForm: acroText,
      ...(o.docMdp ? { Perms: `<< /DocMDP ${refText(sigNum)} >>` } : {}),
    }),
  });

  const { pdf: out, offsets } = appendRevision(pdf, f, objects, next);
  const sigAt = offsets.get(sigNum)! + objectHeader(sigNum).length;
  const byteRangeAt = sigAt + sigBody.indexOf(BYTE_RANGE_PLACEHOLDER);
  const contentsOpen = sigAt + sigBody.indexOf(contents) + '/Contents '.length;
  return {
    pdf: out,
    byteRangeAt,
    byteRangeLength: BYTE_RANGE_PLACEHOLDER.length,
    contentsOpen,
    contentsClose: contentsOpen + o.signatureLength * 2 + 1,
  };
}

/**
 * The widget's normal appearance: a form XObject drawing the PNG scaled to fit the rectangle
 * (aspect kept, centred), the image as RGB with its alpha as a soft mask. Objects from `first` on.
 */
function appearance(
  png: Buffer,
  rect: [number, number, number, number],
  first: number,
): { form: number; objects: [number, string][] } {
  const img = PNG.sync.read(png);
  const rgb = Buffer.alloc(img.width * img.height * 3);
  const alpha = Buffer.alloc(img.width * img.height);
  for (let i = 0; i < img.width * img.height; i++) {
    rgb[i * 3] = img.data[i * 4];
    rgb[i * 3 + 1] = img.data[i * 4 + 1];
    rgb[i * 3 + 2] = img.data[i * 4 + 2];
    alpha[i] = img.data[i * 4 + 3];
  }
  const w = rect[2] - rect[0],
    h = rect[3] - rect[1];
  const scale = Math.min(w / img.width, h / img.height);
  const [dw, dh] = [img.width * scale, img.height * scale].map((n) => +n.toFixed(3));
  const [dx, dy] = [(w - dw) / 2, (h - dh) / 2].map((n) => +n.toFixed(3));
  const stream = (dict: string, data: Buffer) =>
    `<< ${dict} /Length ${data.length} >>\nstream\n${data.toString('latin1')}\nendstream`;
  const form = first,
    image = first + 1,
    mask = first + 2;
  const draw = Buffer.from(`q ${dw} 0 0 ${dh} ${dx} ${dy} cm /Im0 Do Q`);
  const size = `/Width ${img.width} /Height ${img.height} /BitsPerComponent 8 /Filter /FlateDecode`;
  return {
    form,
    objects: [
      [
        form,
        stream(
          `/Type /XObject /Subtype /Form /BBox [0 0 ${+w.toFixed(2)} ${+h.toFixed(2)}] /Resources << /XObject << /Im0 ${refText(image)} >> >>`,
          draw,
        ),
      ],
      [
        image,
        stream(
          `/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceRGB /SMask ${refText(mask)}`,
          deflateSync(rgb),
        ),
      ],
      [mask, stream(`/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceGray`, deflateSync(alpha))],
    ],
  };
}
