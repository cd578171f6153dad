// Outside tools the tests use to check our PDFs (poppler, qpdf, zbar, NSS): we did not write them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

export const tmp = (): string => mkdtempSync(join(tmpdir(), 'netsign-doc-'));

export function run(cmd: string, args: string[], input?: Buffer): { code: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { input, maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, out: r.stdout?.toString('utf8') ?? '', err: r.stderr?.toString('utf8') ?? '' };
}

export function writePdf(pdf: Buffer, dir = tmp(), name = 'doc.pdf'): string {
  const p = join(dir, name);
  writeFileSync(p, pdf);
  return p;
}

export const pdftotext = (file: string, extra: string[] = []): string => run('pdftotext', [...extra, file, '-']).out;

/** Every word pdftotext -bbox finds, with its page size. */
export function words(file: string): { page: number; w: number; h: number; text: string; xMin: number; yMin: number; xMax: number; yMax: number }[] {
  const html = run('pdftotext', ['-bbox', file, '-']).out;
  const out: ReturnType<typeof words> = [];
  let page = 0, w = 0, h = 0;
  for (const line of html.split('\n')) {
    const p = /<page width="([\d.]+)" height="([\d.]+)"/.exec(line);
    if (p) { page++; w = Number(p[1]); h = Number(p[2]); continue; }
    const m = /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*)<\/word>/.exec(line);
    if (m) out.push({ page, w, h, xMin: +m[1], yMin: +m[2], xMax: +m[3], yMax: +m[4], text: m[5] });
  }
  return out;
}

/** Render one page to PNG with pdftoppm and return the decoded image. */
export function rasterize(file: string, page: number, dpi = 100): PNG {
  const dir = tmp();
  run('pdftoppm', ['-r', String(dpi), '-png', '-f', String(page), '-l', String(page), file, join(dir, 'p')]);
  const f = readdirSync(dir).find((x) => x.endsWith('.png'));
  if (!f) throw new Error('pdftoppm produced no image');
  return PNG.sync.read(readFileSync(join(dir, f)));
}

/** An NSS database that trusts `rootPem` as a CA, for pdfsig -nssdir. */
export function nssDbTrusting(rootPem: string): string {
  const dir = tmp();
  const root = join(dir, 'root.pem');
  writeFileSync(root, rootPem);
  const a = run('certutil', ['-N', '--empty-password', '-d', `sql:${dir}`]);
  if (a.code) throw new Error(a.err);
  const b = run('certutil', ['-A', '-n', 'netsign-root', '-t', 'CT,C,C', '-i', root, '-d', `sql:${dir}`]);
  if (b.code) throw new Error(b.err);
  return dir;
}

export const pdfsig = (file: string, nssDir: string): { code: number; out: string } => {
  const r = run('pdfsig', ['-nssdir', `sql:${nssDir}`, file]);
  return { code: r.code, out: r.out + r.err };
};
