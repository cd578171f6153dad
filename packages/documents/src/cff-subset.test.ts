// Our CFF subset writer against fontkit's: the same text, embedded once with each, must rasterise
// to the same pixels (poppler and Ghostscript) and extract to the same text.
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { encodeCffSubset } from './cff-subset.ts';
import { fontObject } from './fonts.ts';
import { pdftotext, run, tmp, writePdf } from './testing/tools.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TEXT =
  '中山市商品房买卖合同（预售）GF—2014—0171 第一章 合同当事人 出卖人：中山市翠湖置业发展有限公司 ¥1,234,567.89 壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分 ①②③ 《》“”ABCxyz 繁體 𠀀';

async function pdf(ours: boolean): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A5', info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
  for (const [name, w] of [
    ['body', 'Regular'],
    ['bold', 'Bold'],
  ] as const) {
    doc.registerFont(name, fontObject(w) as unknown as Buffer);
    doc.font(name);
    const f = (doc as unknown as { _font: { subset: { glyphs: number[]; encode(): Buffer } } })._font;
    if (ours) f.subset.encode = () => encodeCffSubset(fontObject(w), f.subset.glyphs);
    doc.fontSize(14).text(TEXT, { width: 360 });
  }
  doc.end();
  return done;
}

describe('encodeCffSubset', () => {
  it("embeds fonts that render and extract exactly like fontkit's subsets", async () => {
    const [a, b] = [writePdf(await pdf(false)), writePdf(await pdf(true))];
    expect(run('qpdf', ['--check', b]).code).toBe(0);
    expect(pdftotext(b)).toBe(pdftotext(a));
    for (const [tool, args] of [
      ['pdftoppm', ['-r', '150', '-gray']],
      ['gs', ['-q', '-dNOPAUSE', '-dBATCH', '-sDEVICE=pgmraw', '-r150']],
    ] as const) {
      const out = [a, b].map((file) => {
        const dir = tmp();
        const r =
          tool === 'gs'
            ? run('gs', [...args, `-sOutputFile=${join(dir, 'p.pgm')}`, file])
            : run('pdftoppm', [...args, file, join(dir, 'p')]);
        expect(r.code, r.err).toBe(0);
        return readFileSync(join(dir, tool === 'gs' ? 'p.pgm' : 'p-1.pgm'));
      });
      expect(out[1].equals(out[0]), tool).toBe(true);
    }
  });
});
