// A faster CFF (CID-keyed) subset writer for pdfkit's embedded fonts. fontkit's own subsetter
// keeps every subroutine slot of Noto Sans SC (≈ 25 000 local + 700 global, the unused ones as a
// one-byte "return") and writes them through restructure's generic encoders: ≈ 20 ms per font per
// document, the largest single cost of a render. This writer produces the same font program —
// the same glyph charstrings, the same subroutines at the same indexes (unused ones "return"), the
// same font dicts and private dicts (copied as raw bytes from the font, only offsets rewritten) —
// with plain Buffer writes. The font's raw tables are located once per process.
import type { Font } from 'fontkit';

type Entry = { op: number; operands: number[]; raw: Buffer }; // raw = operand and operator bytes
interface FontDict {
  entries: Entry[];
  priv: Entry[];
  subrs: { offset: number; length: number }[];
}
interface Parsed {
  buf: Buffer; // the whole font file (fontkit's stream buffer); subr/charstring offsets are into it
  header: Buffer;
  nameIndex: Buffer;
  stringIndex: Buffer;
  top: Entry[];
  fds: FontDict[];
  gsubrs: { offset: number; length: number }[];
  charStrings: { offset: number; length: number }[];
}

function readIndex(b: Buffer, pos: number): { items: [number, number][]; end: number } {
  const count = b.readUInt16BE(pos);
  if (count === 0) return { items: [], end: pos + 2 };
  const offSize = b[pos + 2];
  const off = (i: number) => {
    let v = 0;
    for (let k = 0; k < offSize; k++) v = v * 256 + b[pos + 3 + i * offSize + k];
    return v;
  };
  const dataStart = pos + 3 + (count + 1) * offSize - 1;
  const items: [number, number][] = [];
  for (let i = 0; i < count; i++) items.push([dataStart + off(i), dataStart + off(i + 1)]);
  return { items, end: dataStart + off(count) };
}

function parseDict(b: Buffer): Entry[] {
  const out: Entry[] = [];
  let operands: number[] = [];
  let start = 0;
  for (let p = 0; p < b.length; ) {
    const b0 = b[p];
    if (b0 <= 21) {
      let op = b0;
      p++;
      if (b0 === 12) op = 1200 + b[p++];
      out.push({ op, operands, raw: b.subarray(start, p) });
      operands = [];
      start = p;
    } else if (b0 === 28) {
      operands.push(b.readInt16BE(p + 1));
      p += 3;
    } else if (b0 === 29) {
      operands.push(b.readInt32BE(p + 1));
      p += 5;
    } else if (b0 === 30) {
      // real: nibbles up to 0xf; its value is not needed, the raw bytes are kept
      p++;
      while (p < b.length && (b[p] & 0x0f) !== 0x0f && b[p] >> 4 !== 0x0f) p++;
      p++;
      operands.push(NaN);
    } else if (b0 >= 32 && b0 <= 246) {
      operands.push(b0 - 139);
      p++;
    } else if (b0 >= 247 && b0 <= 250) {
      operands.push((b0 - 247) * 256 + b[p + 1] + 108);
      p += 2;
    } else if (b0 >= 251 && b0 <= 254) {
      operands.push(-(b0 - 251) * 256 - b[p + 1] - 108);
      p += 2;
    } else throw new Error(`CFF: bad DICT byte ${b0}`);
  }
  return out;
}

const opBytes = (op: number) => (op >= 1200 ? [12, op - 1200] : [op]);
const int5 = (v: number) => [29, (v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
/** A dict with some operators dropped and some set to fixed-width integers (so sizes are known first). */
function dictBytes(entries: Entry[], set: Map<number, number[]>, drop: number[] = []): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (drop.includes(e.op)) continue;
    const v = set.get(e.op);
    parts.push(v ? Buffer.from([...v.flatMap(int5), ...opBytes(e.op)]) : e.raw);
  }
  for (const [op, v] of set)
    if (!entries.some((e) => e.op === op)) parts.push(Buffer.from([...v.flatMap(int5), ...opBytes(op)]));
  return Buffer.concat(parts);
}

/** An INDEX of the given items (Buffers or [offset, length] slices of `src`). */
function indexBytes(items: Buffer[]): Buffer {
  if (items.length === 0) return Buffer.from([0, 0]);
  let data = 0;
  for (const it of items) data += it.length;
  const offSize = data + 1 <= 0xff ? 1 : data + 1 <= 0xffff ? 2 : data + 1 <= 0xffffff ? 3 : 4;
  const out = Buffer.allocUnsafe(3 + (items.length + 1) * offSize + data);
  out.writeUInt16BE(items.length, 0);
  out[2] = offSize;
  let o = 3;
  let rel = 1;
  let d = 3 + (items.length + 1) * offSize;
  for (let i = 0; i <= items.length; i++) {
    out.writeUIntBE(rel, o, offSize);
    o += offSize;
    if (i < items.length) {
      const it = items[i];
      it.copy(out, d);
      d += it.length;
      rel += it.length;
    }
  }
  return out;
}

/** A subroutine INDEX: the used subroutines' bytes, a one-byte "return" for the others, and no
 * slots after the last used one beyond what keeps the index's bias (Type 2: 107 below 1240
 * entries, 1131 below 33900, else 32768) — callers' biased numbers keep pointing at the same
 * subroutines. */
function subrIndexBytes(buf: Buffer, all: { offset: number; length: number }[], used: Set<number>): Buffer {
  const biasClass = (n: number) => (n < 1240 ? 0 : n < 33900 ? 1 : 2);
  let last = -1;
  for (const i of used) if (i > last) last = i;
  let count = last + 1;
  const floor = [0, 1240, 33900][biasClass(all.length)];
  if (count < floor) count = Math.min(floor, all.length);
  if (count === 0) return Buffer.from([0, 0]);
  let data = 0;
  for (let i = 0; i < count; i++) data += used.has(i) ? all[i].length : 1;
  const offSize = data + 1 <= 0xff ? 1 : data + 1 <= 0xffff ? 2 : data + 1 <= 0xffffff ? 3 : 4;
  const out = Buffer.allocUnsafe(3 + (count + 1) * offSize + data);
  out.writeUInt16BE(count, 0);
  out[2] = offSize;
  let o = 3,
    rel = 1,
    d = 3 + (count + 1) * offSize;
  for (let i = 0; i < count; i++) {
    out.writeUIntBE(rel, o, offSize);
    o += offSize;
    if (used.has(i)) {
      const s = all[i];
      buf.copy(out, d, s.offset, s.offset + s.length);
      d += s.length;
      rel += s.length;
    } else {
      out[d++] = 11;
      rel++;
    }
  }
  out.writeUIntBE(rel, o, offSize);
  return out;
}

const parsedFonts = new WeakMap<Font, Parsed>();
function parse(font: Font): Parsed {
  let p = parsedFonts.get(font);
  if (p) return p;
  const f = font as unknown as {
    stream: { buffer: Buffer };
    directory: { tables: Record<string, { offset: number }> };
    'CFF ': {
      isCIDFont: boolean;
      topDict: {
        FDArray: { Private?: { Subrs?: { offset: number; length: number }[] } }[];
        CharStrings: { offset: number; length: number }[];
      };
      globalSubrIndex: { offset: number; length: number }[];
    };
  };
  const cff = f['CFF '];
  if (!cff?.isCIDFont) throw new Error('cff-subset: only CID-keyed CFF fonts');
  const buf = Buffer.from(f.stream.buffer.buffer, f.stream.buffer.byteOffset, f.stream.buffer.byteLength);
  const base = f.directory.tables['CFF '].offset;
  const hdrSize = buf[base + 2];
  const name = readIndex(buf, base + hdrSize);
  const topIdx = readIndex(buf, name.end);
  const strings = readIndex(buf, topIdx.end);
  const top = parseDict(buf.subarray(...topIdx.items[0]));
  const fdArrayOff = top.find((e) => e.op === 1236)?.operands[0];
  if (fdArrayOff === undefined) throw new Error('cff-subset: no FDArray');
  const fdIdx = readIndex(buf, base + fdArrayOff);
  const fds = fdIdx.items.map(([s, e], i): FontDict => {
    const entries = parseDict(buf.subarray(s, e));
    const pr = entries.find((x) => x.op === 18)?.operands;
    const priv = pr ? parseDict(buf.subarray(base + pr[1], base + pr[1] + pr[0])) : [];
    return { entries, priv, subrs: cff.topDict.FDArray[i]?.Private?.Subrs ?? [] };
  });
  p = {
    buf,
    header: Buffer.from([1, 0, 4, 4]),
    nameIndex: buf.subarray(base + hdrSize, name.end),
    stringIndex: buf.subarray(topIdx.end, strings.end),
    top,
    fds,
    gsubrs: cff.globalSubrIndex,
    charStrings: cff.topDict.CharStrings,
  };
  parsedFonts.set(font, p);
  return p;
}

/** The CFF font program for `glyphs` (original glyph ids; the index is the new glyph id = CID). */
export function encodeCffSubset(font: Font, glyphs: number[]): Buffer {
  const p = parse(font);
  const f = font as unknown as {
    getGlyph(id: number): { path: unknown; _usedGsubrs: Record<string, true>; _usedSubrs: Record<string, true> };
    'CFF ': { fdForGlyph(gid: number): number | null };
  };
  const slice = (s: { offset: number; length: number }) => p.buf.subarray(s.offset, s.offset + s.length);

  const usedG = new Set<number>();
  const fdOrder: number[] = []; // original fd index per new fd
  const fdNew = new Map<number, number>();
  const usedL: Set<number>[] = [];
  const fdSelect = Buffer.alloc(glyphs.length + 1); // format 0
  const charStrings: Buffer[] = [];
  glyphs.forEach((gid, i) => {
    charStrings.push(slice(p.charStrings[gid]));
    const g = f.getGlyph(gid);
    void g.path; // parses the glyph, recording the subroutines it calls
    for (const k in g._usedGsubrs) usedG.add(Number(k));
    const fd = f['CFF '].fdForGlyph(gid) ?? 0;
    let n = fdNew.get(fd);
    if (n === undefined) {
      n = fdOrder.length;
      fdNew.set(fd, n);
      fdOrder.push(fd);
      usedL.push(new Set());
    }
    fdSelect[i + 1] = n;
    for (const k in g._usedSubrs) usedL[n].add(Number(k));
  });
  const subrIndex = (all: { offset: number; length: number }[], used: Set<number>) => subrIndexBytes(p.buf, all, used);

  const n = glyphs.length;
  const charset = n >= 2 ? Buffer.from([2, 0, 1, ((n - 2) >> 8) & 255, (n - 2) & 255]) : Buffer.from([0]);
  const gsubrs = subrIndex(p.gsubrs, usedG);
  const charStringIndex = indexBytes(charStrings);
  // private dicts (with their local subrs right after them) and font dicts
  const privs = fdOrder.map((fd, i) => {
    const d = p.fds[fd];
    const hasSubrs = d.priv.some((e) => e.op === 19);
    const probe = dictBytes(d.priv, hasSubrs ? new Map([[19, [0]]]) : new Map());
    const dict = hasSubrs ? dictBytes(d.priv, new Map([[19, [probe.length]]])) : probe;
    return { dict, subrs: hasSubrs ? subrIndex(d.subrs, usedL[i]) : Buffer.alloc(0) };
  });

  // layout: header, name, top dict, strings, gsubrs, charset, fdselect, charstrings, fdarray, privates
  const topProbe = dictBytes(
    p.top,
    new Map([
      [15, [0]],
      [17, [0]],
      [1236, [0]],
      [1237, [0]],
      [1234, [n]],
    ]),
    [16, 18],
  );
  const topIndexLen = indexBytes([topProbe]).length;
  let at = p.header.length + p.nameIndex.length + topIndexLen + p.stringIndex.length + gsubrs.length;
  const charsetAt = at;
  at += charset.length;
  const fdSelectAt = at;
  at += fdSelect.length;
  const charStringsAt = at;
  at += charStringIndex.length;
  const fdArrayAt = at;
  const fdDictsProbe = fdOrder.map((fd) => dictBytes(p.fds[fd].entries, new Map([[18, [0, 0]]]), [1238]));
  at += indexBytes(fdDictsProbe).length;
  const fdDicts = fdOrder.map((fd, i) => {
    const d = dictBytes(p.fds[fd].entries, new Map([[18, [privs[i].dict.length, at]]]), [1238]);
    at += privs[i].dict.length + privs[i].subrs.length;
    return d;
  });
  const top = dictBytes(
    p.top,
    new Map([
      [15, [charsetAt]],
      [17, [charStringsAt]],
      [1236, [fdArrayAt]],
      [1237, [fdSelectAt]],
      [1234, [n]],
    ]),
    [16, 18],
  );
  return Buffer.concat([
    p.header,
    p.nameIndex,
    indexBytes([top]),
    p.stringIndex,
    gsubrs,
    charset,
    fdSelect,
    charStringIndex,
    indexBytes(fdDicts),
    ...privs.flatMap((x) => [x.dict, x.subrs]),
  ]);
}
