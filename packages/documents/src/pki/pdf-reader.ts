// A small PDF reader for the placeholder writer: objects at an offset (keeping each value's raw
// text), cross-reference tables and streams (newest first), object streams. Reads only what asks.
import { inflateSync } from 'node:zlib';

// ---------------------------------------------------------------------------------------------
// A small PDF object reader that works on a Buffer at an offset and keeps each value's raw text.

export type Val =
  | { t: 'dict'; raw: string; m: Map<string, Val> }
  | { t: 'array'; raw: string; items: Val[] }
  | { t: 'ref'; raw: string; num: number; gen: number }
  | { t: 'num'; raw: string; n: number }
  | { t: 'name'; raw: string; name: string }
  | { t: 'str' | 'kw'; raw: string };

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelim = (c: number) =>
  c === 0x28 ||
  c === 0x29 ||
  c === 0x3c ||
  c === 0x3e ||
  c === 0x5b ||
  c === 0x5d ||
  c === 0x7b ||
  c === 0x7d ||
  c === 0x2f ||
  c === 0x25;

class Reader {
  constructor(
    readonly b: Buffer,
    public p = 0,
  ) {}

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
    if (!/^[+-]?\d+$/.test(t))
      throw new Error(`PDF: expected an integer at ${this.p - t.length}, found "${t.slice(0, 20)}"`);
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
        if (b[this.p] === 0x3e && b[this.p + 1] === 0x3e) {
          this.p += 2;
          break;
        }
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
        if (b[this.p] === 0x5d) {
          this.p++;
          break;
        }
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
        if (x === 0x5c) {
          this.p++;
          continue;
        }
        if (x === 0x28) level++;
        else if (x === 0x29 && --level === 0) {
          this.p++;
          return { t: 'str', raw: raw() };
        }
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
      if (/^\d+$/.test(t)) {
        // maybe "num gen R"
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
        case 0:
          v = x;
          break;
        case 1:
          v = x + left;
          break;
        case 2:
          v = x + up;
          break;
        case 3:
          v = x + ((left + up) >> 1);
          break;
        case 4: {
          const p = left + up - ul,
            pa = Math.abs(p - left),
            pb = Math.abs(p - up),
            pc = Math.abs(p - ul);
          v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : ul);
          break;
        }
        default:
          throw new Error(`PDF: bad PNG predictor row type ${type}`);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

export class PdfFile {
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
      if (first) {
        this.trailer = trailer;
        first = false;
      }
      const prev = trailer.get('Prev');
      at = prev?.t === 'num' ? prev.n : undefined;
    }
  }

  private put(num: number, e: Entry): void {
    if (!this.xref.has(num)) this.xref.set(num, e);
  }

  private readTable(r: Reader): Map<string, Val> {
    const b = r.b;
    for (;;) {
      r.ws();
      if (b.toString('latin1', r.p, r.p + 7) === 'trailer') {
        r.p += 7;
        break;
      }
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
    r.int();
    r.int();
    r.expect('obj');
    const d = r.value();
    if (d.t !== 'dict' || (d.m.get('Type') as { name?: string } | undefined)?.name !== 'XRef')
      throw new Error(`PDF: no cross-reference at ${at}`);
    const data = decodeStream(this.b, d.m, this.streamStart(r));
    const w = (d.m.get('W') as { items: Val[] }).items.map((v) => (v as { n: number }).n);
    const size = (d.m.get('Size') as { n: number }).n;
    const index =
      d.m.get('Index')?.t === 'array'
        ? (d.m.get('Index') as { items: Val[] }).items.map((v) => (v as { n: number }).n)
        : [0, size];
    const field = (p: number, n: number, dflt: number) => {
      if (n === 0) return dflt;
      let v = 0;
      for (let i = 0; i < n; i++) v = v * 256 + data[p + i];
      return v;
    };
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
      r.int();
      r.int();
      r.expect('obj');
      const d = r.value();
      if (d.t !== 'dict') throw new Error(`PDF: object stream ${e.stm} is not a stream`);
      const data = decodeStream(this.b, d.m, this.streamStart(r));
      const n = (d.m.get('N') as { n: number }).n;
      const firstAt = (d.m.get('First') as { n: number }).n;
      const hr = new Reader(data, 0);
      const offsets = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const o = hr.int();
        offsets.set(o, firstAt + hr.int());
      }
      stm = { data, offsets };
      this.objStms.set(e.stm, stm);
    }
    const off = stm.offsets.get(num);
    if (off === undefined) throw new Error(`PDF: object ${num} not in its object stream`);
    return { v: new Reader(stm.data, off).value(), gen: 0 };
  }

  /** A stream object's dictionary, decoded data and offset (streams are never inside object streams). */
  stream(num: number): { dict: Map<string, Val>; data: Buffer; offset: number } {
    const e = this.xref.get(num);
    if (e?.type !== 1) throw new Error(`PDF: stream object ${num} not found`);
    const r = new Reader(this.b, e.off);
    r.int();
    r.int();
    r.expect('obj');
    const d = r.value();
    if (d.t !== 'dict') throw new Error(`PDF: object ${num} is not a stream`);
    return { dict: d.m, data: decodeStream(this.b, d.m, this.streamStart(r)), offset: e.off };
  }

  resolve(v: Val | undefined): Val | undefined {
    for (let i = 0; v?.t === 'ref' && i < 32; i++) v = this.get(v.num).v;
    return v;
  }
}
