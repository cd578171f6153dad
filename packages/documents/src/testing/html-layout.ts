// The same contract as HTML, for the benchmark's Chromium comparison: an HtmlLayout answers the
// Layout calls the chapter functions make, so both printers get identical text, tables, images.
import type { Column } from '../layout.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>');

export class HtmlLayout {
  private parts: string[] = [];
  title(t: string, size = 20): void {
    this.parts.push(`<h1 style="font-size:${size}pt">${esc(t)}</h1>`);
  }
  heading(t: string, size = 13): void {
    this.parts.push(`<h2 style="font-size:${size}pt">${esc(t)}</h2>`);
  }
  article(t: string): void {
    this.parts.push(`<h3>${esc(t)}</h3>`);
  }
  para(t: string, o: { indent?: boolean; size?: number; align?: string; bold?: boolean } = {}): void {
    this.parts.push(
      `<p style="${o.indent ? 'text-indent:2em;' : ''}${o.size ? `font-size:${o.size}pt;` : ''}${o.align ? `text-align:${o.align};` : ''}${o.bold ? 'font-weight:bold;' : ''}">${esc(t)}</p>`,
    );
  }
  table(cols: Column[], rows: string[][], o: { header?: boolean } = {}): void {
    const total = cols.reduce((s, c) => s + c.width, 0);
    const head =
      o.header === false
        ? ''
        : `<thead><tr>${cols.map((c) => `<th style="width:${(100 * c.width) / total}%">${esc(c.header)}</th>`).join('')}</tr></thead>`;
    this.parts.push(
      `<table>${head}<tbody>${rows.map((r) => `<tr>${r.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
    );
  }
  fields(pairs: [string, string][], perRow: 1 | 2 = 2): void {
    const rows: string[][] = [];
    for (let i = 0; i < pairs.length; i += perRow) rows.push(pairs.slice(i, i + perRow).flat());
    this.table(
      Array.from({ length: perRow * 2 }, () => ({ header: '', width: 1 })),
      rows,
      { header: false },
    );
  }
  image(data: Uint8Array, o: { caption?: string } = {}): void {
    this.parts.push(
      `<figure><img src="data:image/png;base64,${Buffer.from(data).toString('base64')}"><figcaption>${esc(o.caption ?? '')}</figcaption></figure>`,
    );
  }
  ensure(): void {}
  gap(): void {}
  newPage(): void {
    this.parts.push('<div style="break-after:page"></div>');
  }
  html(fontUrl: string, header: string): string {
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@font-face { font-family: NotoSC; src: url('${fontUrl}'); }
@page { size: A4; margin: 22mm 22mm 22mm 22mm; }
body { font-family: NotoSC; font-size: 10.5pt; line-height: 1.5; }
h1 { text-align: center; } h2 { text-align: center; break-after: avoid; } h3 { font-size: 11pt; break-after: avoid; margin: 6pt 0 2pt; }
p { margin: 0 0 3pt; } table { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; font-size: 9.5pt; }
td, th { border: 0.6pt solid #444; padding: 3pt; vertical-align: top; } tr { break-inside: avoid; }
figure { text-align: center; break-inside: avoid; } img { max-width: 100%; max-height: 160mm; }
.hdr { font-size: 8pt; color: #555; text-align: right; }
</style></head><body><div class="hdr">${esc(header)}</div>${this.parts.join('\n')}</body></html>`;
  }
}
