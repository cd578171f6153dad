// Our signature placeholder writer: appends one incremental update (signature dictionary, widget,
// the first page with the widget in /Annots, the catalog with /AcroForm, a cross-reference section
// with /Prev) to the PDF bytes as they are. It never decodes the whole file: it reads the last
// startxref, walks the cross-reference sections (classic tables, xref streams, hybrid files), and
// parses only the objects it needs (catalog, page tree down to the first page, the AcroForm and
// /Annots when they are indirect), from their offsets or object streams. The input is copied once.
//
// It is used for every signature we make (the first and any later one), so placeholder kinds are
// never mixed in one file; existing AcroForm fields are kept, so earlier signatures stay in the form.

import { PdfFile, type Val } from './pdf-reader';

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
function dictText(d: Val & { t: 'dict' }, set: Record<string, string>): string {
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

  // the first page: walk /Pages → /Kids[0] until a leaf
  let pageRef: Val | undefined = catalog.v.m.get('Pages');
  let page: { v: Val; gen: number } | undefined;
  for (let depth = 0; ; depth++) {
    if (pageRef?.t !== 'ref' || depth > 32) throw new Error('PDF: cannot find the first page');
    page = f.get(pageRef.num);
    if (page.v.t !== 'dict') throw new Error('PDF: page tree node is not a dictionary');
    const kids = f.resolve(page.v.m.get('Kids'));
    if (!kids) break;
    if (kids.t !== 'array' || !kids.items.length) throw new Error('PDF: empty page tree');
    pageRef = kids.items[0];
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
    try { const t = (f.resolve(v) as { m?: Map<string, Val> } | undefined)?.m?.get('T'); if (t) names.add(t.raw); } catch { /* unreadable field: its name cannot clash */ }
  }
  if (o.docMdp) {
    const signed = (fields?.t === 'array' ? fields.items : []).some((v) => {
      try { const d = f.resolve(v) as { m?: Map<string, Val> } | undefined; return d?.m?.get('FT')?.raw === '/Sig' && d.m.has('V'); } catch { return false; }
    });
    if (signed || catalog.v.m.has('Perms')) throw new Error('PDF: only the first signature of a document can be a certification');
  }
  let fieldName = '';
  for (let k = fieldRaws.length + 1; names.has(fieldName = pdfText(`Signature${k}`)); k++);
  const annots = f.resolve(pageDict.m.get('Annots'));
  const annotRaws = annots?.t === 'array' ? annots.items.map((v) => v.raw) : [];

  const sigNum = size, widgetNum = size + 1;
  const xrefStmNum = f.lastIsStream ? size + 2 : -1;
  const newSize = f.lastIsStream ? size + 3 : size + 2;
  const widget = refText(widgetNum);
  const now = o.signingTime ?? new Date();

  const base = pdf.length;
  const eol = pdf[base - 1] === 0x0a || pdf[base - 1] === 0x0d ? '' : '\n';
  let tail = eol;
  const offsets: [number, number, number][] = []; // num, offset, gen
  const addObj = (num: number, gen: number, body: string) => {
    offsets.push([num, base + tail.length, gen]);
    tail += `${num} ${gen} obj\n${body}\nendobj\n`;
  };

  const sigHead = `${sigNum} 0 obj\n<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n`;
  offsets.push([sigNum, base + tail.length, 0]);
  const byteRangeAt = base + tail.length + sigHead.length;
  tail += `${sigHead}${BYTE_RANGE_PLACEHOLDER}\n/Contents `;
  const contentsOpen = base + tail.length;
  tail += `<${'0'.repeat(o.signatureLength * 2)}>`;
  const contentsClose = base + tail.length - 1;
  const reference = o.docMdp ? `/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${o.docMdp} /V /1.2 >> >>]\n` : '';
  tail += `\n${reference}/M ${pdfDate(now)}\n/Name ${pdfText(o.name)}\n/Reason ${pdfText(o.reason)}\n/Location ${pdfText(o.location ?? '')}\n/ContactInfo ${pdfText(o.contactInfo ?? '')}\n`
    + `/Prop_Build << /Filter << /Name /Adobe.PPKLite >>${o.appName ? ` /App << /Name /${o.appName.replace(/[^A-Za-z0-9._-]/g, '')} >>` : ''} >>\n>>\nendobj\n`;

  addObj(widgetNum, 0, `<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/Rect [0 0 0 0]\n/V ${refText(sigNum)}\n/P ${refText(pageNum, page.gen)}\n/T ${fieldName}\n/F 132\n>>`);
  addObj(pageNum, page.gen, dictText(pageDict, { Annots: `[${[...annotRaws, widget].join(' ')}]` }));
  const acroText = acroDict
    ? dictText(acroDict, { Fields: `[${[...fieldRaws, widget].join(' ')}]`, SigFlags: '3' })
    : `<< /Fields [${widget}] /SigFlags 3 >>`;
  addObj(rootRef.num, catalog.gen, dictText(catalog.v, { AcroForm: acroText, ...(o.docMdp ? { Perms: `<< /DocMDP ${refText(sigNum)} >>` } : {}) }));

  const keep = ['Root', 'Info', 'ID'].filter((k) => f.trailer.has(k)).map((k) => `/${k} ${f.trailer.get(k)!.raw}`).join(' ');
  const xrefAt = base + tail.length;
  if (!f.lastIsStream) {
    offsets.sort((a, b) => a[0] - b[0]);
    let table = 'xref\n';
    for (let i = 0; i < offsets.length;) {
      let j = i + 1;
      while (j < offsets.length && offsets[j][0] === offsets[j - 1][0] + 1) j++;
      table += `${offsets[i][0]} ${j - i}\n`;
      for (let k = i; k < j; k++) table += `${String(offsets[k][1]).padStart(10, '0')} ${String(offsets[k][2]).padStart(5, '0')} n\r\n`;
      i = j;
    }
    tail += `${table}trailer\n<< /Size ${newSize} ${keep} /Prev ${f.startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  } else {
    offsets.push([xrefStmNum, xrefAt, 0]);
    offsets.sort((a, b) => a[0] - b[0]);
    const index: number[] = [];
    let data = '';
    for (let i = 0; i < offsets.length;) {
      let j = i + 1;
      while (j < offsets.length && offsets[j][0] === offsets[j - 1][0] + 1) j++;
      index.push(offsets[i][0], j - i);
      for (let k = i; k < j; k++) {
        const [, off, gen] = offsets[k];
        data += String.fromCharCode(1, (off >>> 24) & 255, (off >>> 16) & 255, (off >>> 8) & 255, off & 255, (gen >> 8) & 255, gen & 255);
      }
      i = j;
    }
    tail += `${xrefStmNum} 0 obj\n<< /Type /XRef /Size ${newSize} /W [1 4 2] /Index [${index.join(' ')}] ${keep} /Prev ${f.startxref} /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`;
  }

  const out = Buffer.allocUnsafe(base + tail.length);
  pdf.copy(out, 0);
  out.write(tail, base, 'latin1');
  return { pdf: out, byteRangeAt, byteRangeLength: BYTE_RANGE_PLACEHOLDER.length, contentsOpen, contentsClose };
}
