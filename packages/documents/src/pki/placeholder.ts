// Our signature placeholder writer: appends one incremental update (signature dictionary, widget,
// the first page with the widget in /Annots, the catalog with /AcroForm, a cross-reference section
// with /Prev) to the PDF bytes as they are. It never decodes the whole file: it reads the last
// startxref, walks the cross-reference sections (classic tables, xref streams, hybrid files), and
// parses only the objects it needs (catalog, page tree down to the first page, the AcroForm and
// /Annots when they are indirect), from their offsets or object streams. The input is copied once.
//
// It is used for every signature we make (the first and any later one), so placeholder kinds are
// never mixed in one file; existing AcroForm fields are kept, so earlier signatures stay in the form.
import { inflateSync } from 'node:zlib';

export interface PlaceholderOptions {
  reason: string;
  name: string;
  location?: string;
  contactInfo?: string;
  signingTime?: Date;
  signatureLength: number; // bytes reserved for the CMS (the hex string is twice as long)
  appName?: string;
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
// A small PDF object reader that works on a Buffer at an offset and keeps each value's raw text.

type Val =
  | { t: 'dict'; raw: string; m: Map<string, Val> }
  | { t: 'array'; raw: string; items: Val[] }
  | { t: 'ref'; raw: string; num: number; gen: number }
  | { t: 'num'; raw: string; n: number }
  | { t: 'name'; raw: string; name: string }
  | { t: 'str' | 'kw'; raw: string };

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelim = (c: number) => c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

class Reader {
  constructor(readonly b: Buffer, public p = 0) {}

  ws(): void {
    const b = this.b;
    for (;;) {
      while (this.p < b.length && isWs(b[this.p])) this.p++;
      if (b[this.p] !== 0x25) return; // % comment
      while (this.p < b.length && b[this.p] !== 0x0a && b[this.p] !== 0x0d) this.p++;
    }
  }

  /** A bare token (number, keyword) without consuming following whitespace. */
  token(): string {
    this.ws();
    const s = this.p;
    while (this.p < this.b.length && !isWs(this.b[this.p]) && !isDelim(this.b[this.p])) this.p++;
    return this.b.toString('latin1', s, this.p);
  }

  int(): number {
    const t = this.token();
    if (!/^[+-]?\d+$/.test(t)) throw new Error(`PDF: expected an integer at ${this.p - t.length}, found "${t.slice(0, 20)}"`);
    return Number(t);
  }

  expect(word: string): void {
    const t = this.token();
    if (t !== word) throw new Error(`PDF: expected "${word}" at ${this.p - t.length}, found "${t.slice(0, 20)}"`);
  }

  value(depth = 0): Val {
    if (depth > 64) throw new Error('PDF: objects nested too deeply');
    this.ws();
    const b = this.b;
    const s = this.p;
    const c = b[s];
    const raw = () => b.toString('latin1', s, this.p);
    if (c === 0x3c && b[s + 1] === 0x3c) {
      this.p += 2;
      const m = new Map<string, Val>();
      for (;;) {
        this.ws();
        if (this.p >= b.length) throw new Error('PDF: unterminated dictionary');
        if (b[this.p] === 0x3e && b[this.p + 1] === 0x3e) { this.p += 2; break; }
        const k = this.value(depth + 1);
        if (k.t !== 'name') throw new Error(`PDF: dictionary key is not a name at ${this.p}`);
        m.set(k.name, this.value(depth + 1));
      }
      return { t: 'dict', raw: raw(), m };
    }
    if (c === 0x5b) {
      this.p++;
      const items: Val[] = [];
      for (;;) {
        this.ws();
        if (this.p >= b.length) throw new Error('PDF: unterminated array');
        if (b[this.p] === 0x5d) { this.p++; break; }
        items.push(this.value(depth + 1));
      }
      return { t: 'array', raw: raw(), items };
    }
    if (c === 0x2f) {
      this.p++;
      while (this.p < b.length && !isWs(b[this.p]) && !isDelim(b[this.p])) this.p++;
      return { t: 'name', raw: raw(), name: b.toString('latin1', s + 1, this.p) };
    }
    if (c === 0x28) {
      let level = 0;
      for (; this.p < b.length; this.p++) {
        const x = b[this.p];
        if (x === 0x5c) { this.p++; continue; }
        if (x === 0x28) level++;
        else if (x === 0x29 && --level === 0) { this.p++; return { t: 'str', raw: raw() }; }
      }
      throw new Error('PDF: unterminated string');
    }
    if (c === 0x3c) {
      const e = b.indexOf(0x3e, s);
      if (e < 0) throw new Error('PDF: unterminated hex string');
      this.p = e + 1;
      return { t: 'str', raw: raw() };
    }
    const t = this.token();
    if (!t) throw new Error(`PDF: unexpected byte 0x${(c ?? 0).toString(16)} at ${s}`);
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t)) {
      if (/^\d+$/.test(t)) { // maybe "num gen R"
        const save = this.p;
        const g = this.token();
        if (/^\d+$/.test(g) && this.token() === 'R') return { t: 'ref', raw: raw(), num: Number(t), gen: Number(g) };
        this.p = save;
      }
      return { t: 'num', raw: t, n: Number(t) };
    }
    return { t: 'kw', raw: t };
  }
}

// ---------------------------------------------------------------------------------------------
// Cross-reference sections, newest first.

type Entry = { type: 0 } | { type: 1; off: number; gen: number } | { type: 2; stm: number; idx: number };

function decodeStream(b: Buffer, dict: Map<string, Val>, dataStart: number): Buffer {
  const len = dict.get('Length');
  let end: number;
  if (len?.t === 'num') end = dataStart + len.n;
  else {
    end = b.indexOf('endstream', dataStart, 'latin1');
    if (end < 0) throw new Error('PDF: stream without endstream');
    while (end > dataStart && (b[end - 1] === 0x0a || b[end - 1] === 0x0d)) end--;
  }
  let data = b.subarray(dataStart, end);
  const filter = dict.get('Filter');
  const filters = filter ? (filter.t === 'array' ? filter.items : [filter]) : [];
  for (const f of filters) {
    if (f.t !== 'name' || f.name !== 'FlateDecode') throw new Error(`PDF: unsupported stream filter ${f.raw}`);
    data = inflateSync(data);
  }
  let parms = dict.get('DecodeParms');
  if (parms?.t === 'array') parms = parms.items[0];
  if (parms?.t === 'dict') {
    const pred = parms.m.get('Predictor');
    if (pred?.t === 'num' && pred.n >= 10) {
      const cols = (parms.m.get('Columns') as { n?: number } | undefined)?.n ?? 1;
      data = unPng(data, cols);
    } else if (pred?.t === 'num' && pred.n > 1) throw new Error(`PDF: unsupported predictor ${pred.n}`);
  }
  return data;
}

/** PNG row filters (bytes per pixel 1, as xref and object streams use). */
function unPng(data: Buffer, cols: number): Buffer {
  const rows = Math.floor(data.length / (cols + 1));
  const out = Buffer.alloc(rows * cols);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (cols + 1)];
    const src = r * (cols + 1) + 1;
    const dst = r * cols;
    for (let i = 0; i < cols; i++) {
      const x = data[src + i];
      const left = i > 0 ? out[dst + i - 1] : 0;
      const up = r > 0 ? out[dst - cols + i] : 0;
      const ul = r > 0 && i > 0 ? out[dst - cols + i - 1] : 0;
      let v: number;
      switch (type) {
        case 0: v = x; break;
        case 1: v = x + left; break;
        case 2: v = x + up; break;
        case 3: v = x + ((left + up) >> 1); break;
        case 4: { const p = left + up - ul, pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - ul); v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : ul); break; }
        default: throw new Error(`PDF: bad PNG predictor row type ${type}`);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

class PdfFile {
  readonly xref = new Map<number, Entry>();
  trailer!: Map<string, Val>;
  startxref!: number;
  lastIsStream = false;
  private readonly objStms = new Map<number, { data: Buffer; offsets: Map<number, number> }>();

  constructor(readonly b: Buffer) {
    const tail = b.toString('latin1', Math.max(0, b.length - 2048), b.length);
    const m = /startxref\s+(\d+)\s*(?:%%EOF)?\s*$/.exec(tail) ?? /startxref\s+(\d+)(?![\s\S]*startxref)/.exec(tail);
    if (!m) throw new Error('PDF: no startxref at the end of the file');
    this.startxref = Number(m[1]);
    const seen = new Set<number>();
    let at: number | undefined = this.startxref;
    let first = true;
    while (at !== undefined) {
      if (seen.has(at) || at < 0 || at >= b.length) throw new Error(`PDF: bad cross-reference offset ${at}`);
      seen.add(at);
      const r = new Reader(b, at);
      r.ws();
      let trailer: Map<string, Val>;
      if (b.toString('latin1', r.p, r.p + 4) === 'xref') {
        r.p += 4;
        trailer = this.readTable(r);
        const stm = trailer.get('XRefStm');
        if (stm?.t === 'num') this.readXrefStream(stm.n);
      } else {
        trailer = this.readXrefStream(at);
        if (first) this.lastIsStream = true;
      }
      if (first) { this.trailer = trailer; first = false; }
      const prev = trailer.get('Prev');
      at = prev?.t === 'num' ? prev.n : undefined;
    }
  }

  private put(num: number, e: Entry): void { if (!this.xref.has(num)) this.xref.set(num, e); }

  private readTable(r: Reader): Map<string, Val> {
    const b = r.b;
    for (;;) {
      r.ws();
      if (b.toString('latin1', r.p, r.p + 7) === 'trailer') { r.p += 7; break; }
      const start = r.int();
      const count = r.int();
      for (let i = 0; i < count; i++) {
        const off = r.int();
        const gen = r.int();
        const kind = r.token();
        if (kind === 'n') this.put(start + i, { type: 1, off, gen });
        else if (kind === 'f') this.put(start + i, { type: 0 });
        else throw new Error(`PDF: bad cross-reference entry at ${r.p}`);
      }
    }
    const t = r.value();
    if (t.t !== 'dict') throw new Error('PDF: trailer is not a dictionary');
    return t.m;
  }

  private readXrefStream(at: number): Map<string, Val> {
    const r = new Reader(this.b, at);
    r.int(); r.int(); r.expect('obj');
    const d = r.value();
    if (d.t !== 'dict' || (d.m.get('Type') as { name?: string } | undefined)?.name !== 'XRef') throw new Error(`PDF: no cross-reference at ${at}`);
    const data = decodeStream(this.b, d.m, this.streamStart(r));
    const w = (d.m.get('W') as { items: Val[] }).items.map((v) => (v as { n: number }).n);
    const size = (d.m.get('Size') as { n: number }).n;
    const index = d.m.get('Index')?.t === 'array' ? (d.m.get('Index') as { items: Val[] }).items.map((v) => (v as { n: number }).n) : [0, size];
    const field = (p: number, n: number, dflt: number) => { if (n === 0) return dflt; let v = 0; for (let i = 0; i < n; i++) v = v * 256 + data[p + i]; return v; };
    const rec = w[0] + w[1] + w[2];
    let p = 0;
    for (let k = 0; k < index.length; k += 2) {
      for (let i = 0; i < index[k + 1]; i++, p += rec) {
        const type = field(p, w[0], 1);
        const a = field(p + w[0], w[1], 0);
        const c = field(p + w[0] + w[1], w[2], 0);
        const num = index[k] + i;
        if (type === 1) this.put(num, { type: 1, off: a, gen: c });
        else if (type === 2) this.put(num, { type: 2, stm: a, idx: c });
        else this.put(num, { type: 0 });
      }
    }
    return d.m;
  }

  /** After a stream dictionary: skip "stream" and its end-of-line. */
  private streamStart(r: Reader): number {
    r.expect('stream');
    if (this.b[r.p] === 0x0d) r.p++;
    if (this.b[r.p] === 0x0a) r.p++;
    return r.p;
  }

  get(num: number): { v: Val; gen: number } {
    const e = this.xref.get(num);
    if (!e || e.type === 0) throw new Error(`PDF: object ${num} not found`);
    if (e.type === 1) {
      const r = new Reader(this.b, e.off);
      const n = r.int();
      const gen = r.int();
      r.expect('obj');
      if (n !== num) throw new Error(`PDF: object ${num} expected at ${e.off}, found ${n}`);
      return { v: r.value(), gen };
    }
    let stm = this.objStms.get(e.stm);
    if (!stm) {
      const r = new Reader(this.b, (this.xref.get(e.stm) as { off: number }).off);
      r.int(); r.int(); r.expect('obj');
      const d = r.value();
      if (d.t !== 'dict') throw new Error(`PDF: object stream ${e.stm} is not a stream`);
      const data = decodeStream(this.b, d.m, this.streamStart(r));
      const n = (d.m.get('N') as { n: number }).n;
      const firstAt = (d.m.get('First') as { n: number }).n;
      const hr = new Reader(data, 0);
      const offsets = new Map<number, number>();
      for (let i = 0; i < n; i++) { const o = hr.int(); offsets.set(o, firstAt + hr.int()); }
      stm = { data, offsets };
      this.objStms.set(e.stm, stm);
    }
    const off = stm.offsets.get(num);
    if (off === undefined) throw new Error(`PDF: object ${num} not in its object stream`);
    return { v: new Reader(stm.data, off).value(), gen: 0 };
  }

  resolve(v: Val | undefined): Val | undefined {
    for (let i = 0; v?.t === 'ref' && i < 32; i++) v = this.get(v.num).v;
    return v;
  }
}

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
  tail += `\n/M ${pdfDate(now)}\n/Name ${pdfText(o.name)}\n/Reason ${pdfText(o.reason)}\n/Location ${pdfText(o.location ?? '')}\n/ContactInfo ${pdfText(o.contactInfo ?? '')}\n`
    + `/Prop_Build << /Filter << /Name /Adobe.PPKLite >>${o.appName ? ` /App << /Name /${o.appName.replace(/[^A-Za-z0-9._-]/g, '')} >>` : ''} >>\n>>\nendobj\n`;

  addObj(widgetNum, 0, `<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/Rect [0 0 0 0]\n/V ${refText(sigNum)}\n/P ${refText(pageNum, page.gen)}\n/T ${fieldName}\n/F 132\n>>`);
  addObj(pageNum, page.gen, dictText(pageDict, { Annots: `[${[...annotRaws, widget].join(' ')}]` }));
  const acroText = acroDict
    ? dictText(acroDict, { Fields: `[${[...fieldRaws, widget].join(' ')}]`, SigFlags: '3' })
    : `<< /Fields [${widget}] /SigFlags 3 >>`;
  addObj(rootRef.num, catalog.gen, dictText(catalog.v, { AcroForm: acroText }));

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
