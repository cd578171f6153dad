// One incremental update (ISO 32000-1 7.5.6) appended to a PDF as it is: the new and changed
// objects, then a cross-reference section of the kind the file's last one is (a classic table, or
// an xref stream) with /Prev, keeping /Root, /Info and /ID. The input is copied once. Used by the
// signature placeholder, the DSS writer and document time-stamps alike.
import type { PdfFile } from './pdf-reader.ts';

export interface NewObject {
  num: number;
  gen?: number;
  body: string /* latin1: stream bytes are kept as they are */;
}

export interface Appended {
  pdf: Buffer;
  /** where each written object starts ("n g obj") */
  offsets: Map<number, number>;
}

/** The header written before an object's body (its offset + this length = where the body starts). */
export const objectHeader = (num: number, gen = 0) => `${num} ${gen} obj\n`;

/**
 * Appends `objects` (in this order) and the cross-reference section. `size` is the first object
 * number not in use (the trailer's /Size, plus the objects the caller allocated); an xref stream
 * takes that number itself.
 */
export function appendRevision(pdf: Buffer, f: PdfFile, objects: NewObject[], size: number): Appended {
  const base = pdf.length;
  const eol = pdf[base - 1] === 0x0a || pdf[base - 1] === 0x0d ? '' : '\n';
  let tail = eol;
  const entries: [number, number, number][] = []; // num, offset, gen
  const offsets = new Map<number, number>();
  for (const o of objects) {
    const gen = o.gen ?? 0;
    entries.push([o.num, base + tail.length, gen]);
    offsets.set(o.num, base + tail.length);
    tail += `${objectHeader(o.num, gen)}${o.body}\nendobj\n`;
  }
  const keep = ['Root', 'Info', 'ID']
    .filter((k) => f.trailer.has(k))
    .map((k) => `/${k} ${f.trailer.get(k)!.raw}`)
    .join(' ');
  const xrefAt = base + tail.length;
  const runs = (list: [number, number, number][]) => {
    const out: [number, number, number][][] = [];
    for (const e of [...list].sort((a, b) => a[0] - b[0])) {
      const last = out.at(-1);
      if (last && e[0] === last.at(-1)![0] + 1) last.push(e);
      else out.push([e]);
    }
    return out;
  };
  if (!f.lastIsStream) {
    let table = 'xref\n';
    for (const run of runs(entries)) {
      table += `${run[0][0]} ${run.length}\n`;
      for (const [, off, gen] of run) table += `${String(off).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`;
    }
    tail += `${table}trailer\n<< /Size ${size} ${keep} /Prev ${f.startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  } else {
    const xrefNum = size;
    const index: number[] = [];
    let data = '';
    for (const run of runs([...entries, [xrefNum, xrefAt, 0]])) {
      index.push(run[0][0], run.length);
      for (const [, off, gen] of run)
        data += String.fromCharCode(
          1,
          (off >>> 24) & 255,
          (off >>> 16) & 255,
          (off >>> 8) & 255,
          off & 255,
          (gen >> 8) & 255,
          gen & 255,
        );
    }
    tail += `${xrefNum} 0 obj\n<< /Type /XRef /Size ${size + 1} /W [1 4 2] /Index [${index.join(' ')}] ${keep} /Prev ${f.startxref} /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`;
  }
  const out = Buffer.allocUnsafe(base + tail.length);
  pdf.copy(out, 0);
  out.write(tail, base, 'latin1');
  return { pdf: out, offsets };
}
