// verifyPdf: every signature in a PDF — who signed, when (and on whose word), whether the signed
// bytes are intact, whether the certificate chains to a trusted root — plus the file's SHA-256.
import { createHash, X509Certificate } from 'node:crypto';
import { checkChain, checkSignedData } from './cms-verify.ts';
import { read, OID } from './der.ts';
import { readTstInfo } from './tsa.ts';
import { splitPem } from './cert-info.ts';

export type SigningTime =
  | { source: 'timestamp'; time: string; authority: string; trusted: boolean; problem?: string }
  | { source: 'claimed'; time: string | null; note: string };

export interface SignatureReport {
  index: number; // 1-based, in file order
  signer: { commonName: string; subject: string; serialNumber: string; issuer: string } | null;
  reason?: string;
  location?: string;
  subFilter?: string;
  signingTime: SigningTime;
  byteRange: [number, number, number, number];
  intact: boolean; // digest of the byte range matches and the CMS signature verifies
  coversWholeFile: boolean; // false for earlier signatures once later revisions were appended
  trusted: boolean;
  chain: string[];
  problems: string[];
}

export interface VerifyReport {
  sha256: string;
  size: number;
  signatures: SignatureReport[];
  modifiedAfterLastSignature: boolean; // bytes appended that no signature covers
  valid: boolean; // at least one signature; all intact and trusted; nothing unsigned appended; time-stamps valid
  problems: string[];
}

export interface VerifyOptions {
  trustedRoots: string[]; // PEM certificates (bundles allowed)
  now?: Date;
}

export function verifyPdf(pdf: Buffer, o: VerifyOptions): VerifyReport {
  const roots = o.trustedRoots.flatMap(splitPem).map((p) => new X509Certificate(p));
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const signatures: SignatureReport[] = [];
  const marker = Buffer.from('/ByteRange');
  for (let at = pdf.indexOf(marker); at >= 0; at = pdf.indexOf(marker, at + marker.length)) {
    signatures.push(checkOne(pdf, at, signatures.length + 1, roots, o.now ?? new Date()));
  }
  const problems: string[] = [];
  if (!signatures.length) problems.push('the document carries no digital signature');
  const covered = signatures.some((s) => s.coversWholeFile);
  const modifiedAfterLastSignature = signatures.length > 0 && !covered;
  if (modifiedAfterLastSignature) problems.push('content was appended after the last signature');
  const valid = signatures.length > 0 && !modifiedAfterLastSignature &&
    signatures.every((s) => s.intact && s.trusted && (s.signingTime.source === 'claimed' || (s.signingTime.trusted && !s.signingTime.problem)));
  return { sha256, size: pdf.length, signatures, modifiedAfterLastSignature, valid, problems };
}

function checkOne(pdf: Buffer, at: number, index: number, roots: X509Certificate[], now: Date): SignatureReport {
  const problems: string[] = [];
  const head = pdf.subarray(at, at + 120).toString('latin1');
  const m = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(head);
  const dict = dictAround(pdf, at);
  const base = { index, reason: textValue(dict, 'Reason'), location: textValue(dict, 'Location'), subFilter: /\/SubFilter\s*\/([^\s/>]+)/.exec(dict)?.[1] };
  const claimed = pdfDate(/\/M\s*\(([^)]*)\)/.exec(dict)?.[1]);
  const claimedTime: SigningTime = { source: 'claimed', time: claimed?.toISOString() ?? null, note: 'no trusted time-stamp: this is the time the signer claims, not a proven one' };
  const fail = (p: string, br: [number, number, number, number] = [0, 0, 0, 0]): SignatureReport => ({ ...base, signer: null, signingTime: claimedTime, byteRange: br, intact: false, coversWholeFile: false, trusted: false, chain: [], problems: [...problems, p] });
  if (!m) return fail('unreadable /ByteRange');
  const br = m.slice(1).map(Number) as [number, number, number, number];
  const [a, b, c, d] = br;
  // the only gap allowed is exactly the /Contents hex string
  if (a !== 0 || c <= b || c + d > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) return fail('the byte range does not cover the file except the signature value', br);
  const hex = pdf.subarray(b + 1, c - 1).toString('latin1');
  if (!/^[0-9a-fA-F]*$/.test(hex)) return fail('the signature value is not a hex string', br);
  const bytes = Buffer.from(hex, 'hex');
  let cms: Buffer;
  try { const n = read(bytes); cms = bytes.subarray(0, n.header + n.len); } catch { return fail('the signature value is not DER', br); }
  let sd;
  try { sd = checkSignedData(cms); } catch (e) { return fail(`unreadable CMS: ${(e as Error).message}`, br); }
  problems.push(...sd.problems);
  const digest = createHash('sha256').update(pdf.subarray(a, a + b)).update(pdf.subarray(c, c + d)).digest();
  const digestOk = !!sd.digest && sd.digest.equals(digest);
  if (!digestOk) problems.push('the signed bytes were changed: their SHA-256 differs from the one signed');
  const intact = digestOk && sd.signatureOk;

  let signingTime: SigningTime = claimedTime;
  const token = sd.unsigned.get(OID.signatureTimeStampToken)?.[0];
  if (token) signingTime = checkTimestamp(Buffer.from(token.buf.subarray(token.start, token.start + token.header + token.len)), sd.signatureValue, roots, now);
  const refTime = signingTime.source === 'timestamp' && signingTime.trusted ? new Date(signingTime.time) : now;
  const chain = sd.signer ? checkChain(sd.signer, sd.certs, roots, refTime) : { trusted: false, chain: [], problem: 'no signer certificate' };
  if (chain.problem) problems.push(chain.problem);
  const s = sd.signer;
  return {
    ...base,
    signer: s ? { commonName: /CN=([^\n]+)/.exec(s.subject)?.[1] ?? '', subject: s.subject.replace(/\n/g, ', '), serialNumber: s.serialNumber, issuer: s.issuer.replace(/\n/g, ', ') } : null,
    signingTime,
    byteRange: br,
    intact,
    coversWholeFile: c + d === pdf.length,
    trusted: chain.trusted,
    chain: chain.chain,
    problems,
  };
}

function checkTimestamp(token: Buffer, signatureValue: Buffer, roots: X509Certificate[], now: Date): SigningTime {
  try {
    const t = checkSignedData(token);
    const info = readTstInfo(token);
    const problems = [...t.problems];
    if (t.contentType !== OID.tstInfo || !t.eContent) problems.push('not a time-stamp token');
    else if (!t.digest?.equals(createHash('sha256').update(t.eContent).digest())) problems.push('time-stamp token content was changed');
    if (!info.imprint.equals(createHash('sha256').update(signatureValue).digest())) problems.push('time-stamp is for another signature');
    if (!t.signatureOk) problems.push('time-stamp signature does not verify');
    const tsa = t.signer;
    if (tsa && !/1\.3\.6\.1\.5\.5\.7\.3\.8/.test((tsa.keyUsage ?? []).join(','))) problems.push('time-stamp certificate is not for time-stamping');
    const chain = tsa ? checkChain(tsa, t.certs, roots, info.genTime) : { trusted: false, chain: [], problem: 'no TSA certificate in the token' };
    if (chain.problem) problems.push(`TSA: ${chain.problem}`);
    if (info.genTime.getTime() > now.getTime() + 5 * 60_000) problems.push('time-stamp is in the future');
    return { source: 'timestamp', time: info.genTime.toISOString(), authority: tsa ? (/CN=([^\n]+)/.exec(tsa.subject)?.[1] ?? tsa.subject) : 'unknown', trusted: chain.trusted && problems.length === 0, problem: problems.join('; ') || undefined };
  } catch (e) {
    return { source: 'timestamp', time: '', authority: 'unknown', trusted: false, problem: `unreadable time-stamp: ${(e as Error).message}` };
  }
}

/** The text of the object that holds the signature dictionary (bounded, for regex lookups). */
function dictAround(pdf: Buffer, at: number): string {
  const start = Math.max(0, pdf.lastIndexOf(' obj', at));
  let stop = pdf.indexOf('endobj', at);
  if (stop < 0 || stop - at > 200_000) stop = Math.min(pdf.length, at + 4096);
  // leave the (long) Contents hex out of the text we search
  const s = pdf.subarray(start, stop).toString('latin1');
  return s.replace(/\/Contents\s*<[0-9a-fA-F]*>/, '/Contents <>');
}

/** A PDF text string value: (literal) or <hex>, UTF-16BE with BOM or PDFDocEncoding. */
function textValue(dict: string, key: string): string | undefined {
  const m = new RegExp(`/${key}\\s*(\\((?:\\\\.|[^\\\\)])*\\)|<[0-9a-fA-F\\s]*>)`).exec(dict);
  if (!m) return undefined;
  let bytes: Buffer;
  if (m[1].startsWith('<')) bytes = Buffer.from(m[1].slice(1, -1).replace(/\s/g, ''), 'hex');
  else {
    const lit = m[1].slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) => {
      const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
      if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
      return map[e] ?? e;
    });
    bytes = Buffer.from(lit, 'latin1');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

/** D:YYYYMMDDHHmmSS+08'00' → Date */
function pdfDate(s: string | undefined): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(s ?? '');
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', z, oh = '00', om = '00'] = m;
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se);
  const off = (+oh * 60 + +om) * 60_000 * (z === '-' ? -1 : z === '+' ? 1 : 0);
  return new Date(utc - off);
}
