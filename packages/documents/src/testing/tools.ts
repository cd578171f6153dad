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
export function words(
  file: string,
): { page: number; w: number; h: number; text: string; xMin: number; yMin: number; xMax: number; yMax: number }[] {
  const html = run('pdftotext', ['-bbox', file, '-']).out;
  const out: ReturnType<typeof words> = [];
  let page = 0,
    w = 0,
    h = 0;
  for (const line of html.split('\n')) {
    const p = /<page width="([\d.]+)" height="([\d.]+)"/.exec(line);
    if (p) {
      page++;
      w = Number(p[1]);
      h = Number(p[2]);
      continue;
    }
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

/**
 * What pdfsig (root in `nssDir`) and `mutool sign -v` say of every signature of a file: the
 * signature count each tool saw and every complaint (empty when both accept all of them).
 * pdfsig runs asynchronously, so a server in this process can answer the OCSP requests NSS makes
 * for certificates that name a responder. poppler 22.12 answers "Unknown issue" for a certificate
 * whose responder is unreachable, and — with -no-ocsp — for one that names none; so each
 * signature's certificate verdict is taken from the run with OCSP, or, where that says "Unknown
 * issue", from the run without.
 *
 * PAdES document time-stamps (B-LTA): neither tool here checks them — poppler 22.12 lists one as
 * "Signature Type: unknown … Unable to validate this type of signature", mupdf 1.21 as "Signature
 * is not signed" (it only knows /Type /Sig) — so each is checked by `openssl ts -verify -data`
 * over its byte range against the root in the NSS database (documentTimestampsVerdict).
 */
export async function signatureToolsVerdict(
  file: string,
  nssDir: string,
): Promise<{ pdfsig: number; mutool: number; docTimestamps: number; problems: string[] }> {
  const { execFile } = await import('node:child_process');
  const pdfsigRun = (extra: string[]) =>
    new Promise<string[]>((resolve) => {
      execFile('pdfsig', [...extra, '-nssdir', `sql:${nssDir}`, file], { maxBuffer: 16 << 20 }, (_e, out, err) =>
        resolve(`${out}${err}`.split(/Signature #\d+:/).slice(1)),
      );
    });
  const pdf = readFileSync(file);
  const stamps = docTimestampRanges(pdf);
  const isStamp = (block: string) => {
    const m = /Signed Ranges: \[0 - (\d+)\], \[(\d+) - (\d+)\]/.exec(block);
    return !!m && stamps.some((r) => r[1] === Number(m[1]) && r[2] === Number(m[2]) && r[2] + r[3] === Number(m[3]));
  };
  const online = await pdfsigRun([]);
  const offline = online.some((b) => b.includes('Unknown issue with Certificate'))
    ? await pdfsigRun(['-no-ocsp'])
    : online;
  const problems: string[] = [];
  online.forEach((b, i) => {
    if (isStamp(b)) {
      if (!/Signature is Valid\.|Signature Type: unknown/.test(b))
        problems.push(`pdfsig #${i + 1} (document time-stamp): ${/Signature Validation: (.*)/.exec(b)?.[1] ?? b}`);
      return;
    }
    if (!b.includes('Signature is Valid.'))
      problems.push(`pdfsig #${i + 1}: ${/Signature Validation: (.*)/.exec(b)?.[1] ?? b}`);
    const cert = b.includes('Unknown issue with Certificate') ? (offline[i] ?? b) : b;
    if (!cert.includes('Certificate is Trusted.'))
      problems.push(`pdfsig #${i + 1}: ${/Certificate Validation: (.*)/.exec(cert)?.[1] ?? 'certificate not trusted'}`);
  });
  const m = run('mutool', ['sign', '-v', file]);
  const checks = m.out.split(/Verifying signature/).slice(1);
  // mutool has no trust store option (it calls the chain self-signed) and says of earlier
  // signatures that later revisions exist; what it must never say is that a digest is wrong
  let unsignedSeen = 0;
  checks.forEach((c, i) => {
    if (/Signature is not signed/.test(c) && ++unsignedSeen <= stamps.length) return; // a document time-stamp
    if (
      !/The document is unchanged since signing|The signature is valid but there have been edits since signing|changes made since signing are permitted/.test(
        c,
      )
    )
      problems.push(`mutool #${i + 1}: ${c.trim().split('\n').slice(0, 3).join(' ')}`);
  });
  if (/Digest error|signature is not valid/i.test(m.out)) problems.push(`mutool: ${m.out.trim().slice(0, 300)}`);
  if (stamps.length) {
    const root = run('certutil', ['-L', '-n', 'netsign-root', '-a', '-d', `sql:${nssDir}`]).out;
    problems.push(...documentTimestampsVerdict(pdf, root).problems);
  }
  return { pdfsig: online.length, mutool: checks.length, docTimestamps: stamps.length, problems };
}

/** The byte ranges [0, b, c, d] of the file's PAdES document time-stamps (/Type /DocTimeStamp). */
export function docTimestampRanges(pdf: Buffer): number[][] {
  return [
    ...pdf
      .toString('latin1')
      .matchAll(/\/Type\s*\/DocTimeStamp\b[\s\S]{0,300}?\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g),
  ].map((m) => m.slice(1).map(Number));
}

/** `openssl ts -verify -data` of every document time-stamp: its token over the bytes it covers, chaining to `rootPem`. */
export function documentTimestampsVerdict(pdf: Buffer, rootPem: string): { count: number; problems: string[] } {
  const dir = tmp();
  writeFileSync(join(dir, 'root.pem'), rootPem);
  const problems: string[] = [];
  const ranges = docTimestampRanges(pdf);
  ranges.forEach(([, b, c, d], i) => {
    const der = Buffer.from(pdf.subarray(b + 1, c - 1).toString('latin1'), 'hex');
    const len = derLength(der);
    writeFileSync(join(dir, `tok${i}.der`), der.subarray(0, len));
    writeFileSync(join(dir, `data${i}.bin`), Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]));
    const v = run('openssl', [
      'ts',
      '-verify',
      '-data',
      join(dir, `data${i}.bin`),
      '-in',
      join(dir, `tok${i}.der`),
      '-token_in',
      '-CAfile',
      join(dir, 'root.pem'),
    ]);
    if (!/Verification: OK/.test(v.out + v.err))
      problems.push(
        `document time-stamp #${i + 1} (openssl ts -verify): ${(v.out + v.err).trim().split('\n').slice(-2).join(' ')}`,
      );
  });
  return { count: ranges.length, problems };
}

/** The length of the DER element at the start of `b` (the token before /Contents' zero padding). */
function derLength(b: Buffer): number {
  let len = b[1],
    header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[2 + i];
    header += n;
  }
  return header + len;
}

/**
 * Each signature's RFC 3161 token (unsigned attribute signature-time-stamp-token) and the SHA-256
 * of the signature value it must be over, found by the /ByteRange gaps and parsed with pkijs —
 * for `openssl ts -verify -digest … -token_in`.
 */
export async function signatureTimestamps(pdf: Buffer): Promise<{ token: Buffer; digest: string }[]> {
  const { createHash } = await import('node:crypto');
  const asn1 = await import('asn1js');
  const pkijs = await import('pkijs');
  const out: { token: Buffer; digest: string }[] = [];
  for (const m of pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+\d+\s*\]/g)) {
    const hex = pdf.subarray(Number(m[1]) + 1, Number(m[2]) - 1).toString('latin1');
    const der = Buffer.from(hex, 'hex'); // the zero padding after the CMS is ignored by fromBER
    const ci = new pkijs.ContentInfo({
      schema: asn1.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer).result,
    });
    const si = new pkijs.SignedData({ schema: ci.content }).signerInfos[0];
    const attr = si.unsignedAttrs?.attributes.find((a) => a.type === '1.2.840.113549.1.9.16.2.14');
    if (!attr) continue;
    out.push({
      token: Buffer.from(attr.values[0].toBER(false)),
      digest: createHash('sha256').update(si.signature.valueBlock.valueHexView).digest('hex'),
    });
  }
  return out;
}
