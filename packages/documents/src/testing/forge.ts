// What an attacker does to a signed PDF, for tests: append an incremental update that changes a
// page (a new content stream drawn over it), or sign with a key made outside our CA (openssl).
import { PDFDocument } from 'pdf-lib';
import { PdfFile, type Val } from '../pki/pdf-reader.ts';

/** Append a revision in which page `pageIndex` gets one more content stream (`ops`). */
export async function editPage(
  pdf: Buffer,
  pageIndex: number,
  ops = 'q 1 1 1 rg 60 560 420 80 re f 0 0 0 rg 60 600 200 20 re f Q',
): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const num = doc.getPage(pageIndex).ref.objectNumber;
  const f = new PdfFile(pdf);
  const page = f.get(num);
  const d = page.v as Val & { t: 'dict' };
  const size = (f.trailer.get('Size') as { n: number }).n;
  const contents = d.m.get('Contents')!;
  const list = contents.t === 'array' ? contents.items.map((x) => x.raw) : [contents.raw];
  const entries = [...d.m].map(
    ([k, v]) => `/${k} ${k === 'Contents' ? `[${[...list, `${size} 0 R`].join(' ')}]` : v.raw}`,
  );
  const objs: [number, number, string][] = [
    [size, 0, `<< /Length ${ops.length} >>\nstream\n${ops}\nendstream`],
    [num, page.gen, `<<\n${entries.join('\n')}\n>>`],
  ];
  let tail = '\n';
  const offs: [number, number, number][] = [];
  for (const [n, g, body] of objs) {
    offs.push([n, g, pdf.length + tail.length]);
    tail += `${n} ${g} obj\n${body}\nendobj\n`;
  }
  const xrefAt = pdf.length + tail.length;
  tail +=
    'xref\n' +
    offs
      .sort((a, b) => a[0] - b[0])
      .map(([n, g, o]) => `${n} 1\n${String(o).padStart(10, '0')} ${String(g).padStart(5, '0')} n\r\n`)
      .join('');
  const keep = ['Root', 'Info', 'ID']
    .filter((k) => f.trailer.has(k))
    .map((k) => `/${k} ${f.trailer.get(k)!.raw}`)
    .join(' ');
  tail += `trailer\n<< /Size ${size + 1} ${keep} /Prev ${f.startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(tail, 'latin1')]);
}
