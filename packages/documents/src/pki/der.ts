// A small DER writer on Buffers (CMS signed attributes, time-stamp replies), and the minimal
// reader cert-info.ts uses to take a certificate's issuer, subject and serial as their exact
// bytes. Everything else is parsed with asn1js/pkijs.

export interface Node {
  tag: number; // first identifier octet (class | constructed | number), single-byte tags only
  start: number; // offset of the identifier octet in buf
  header: number; // identifier + length octets
  len: number; // content length
  buf: Buffer;
}

export const end = (n: Node): number => n.start + n.header + n.len;
export const raw = (n: Node): Buffer => n.buf.subarray(n.start, end(n));
export const content = (n: Node): Buffer => n.buf.subarray(n.start + n.header, end(n));

export function read(buf: Buffer, at = 0): Node {
  const tag = buf[at];
  if (tag === undefined) throw new Error('DER: unexpected end of data');
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: multi-byte tags are not supported');
  let len = buf[at + 1];
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('DER: bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[at + 2 + i];
    header += n;
  }
  if (at + header + len > buf.length) throw new Error('DER: length runs past the data');
  return { tag, start: at, header, len, buf };
}

export function children(n: Node): Node[] {
  const out: Node[] = [];
  let at = n.start + n.header;
  const stop = end(n);
  while (at < stop) {
    const c = read(n.buf, at);
    out.push(c);
    at = end(c);
  }
  return out;
}

// ---- writing ----

function lengthOctets(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const tlv = (tag: number, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), lengthOctets(body.length), body]);
export const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
/** SET OF in DER order: elements sorted by their encodings. */
export const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat([...items].sort(Buffer.compare)));
export const octets = (b: Buffer): Buffer => tlv(0x04, b);
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);
export const implicitSet = (n: number, ...items: Buffer[]): Buffer =>
  tlv(0xa0 | n, Buffer.concat([...items].sort(Buffer.compare)));
export const NULL = Buffer.from([0x05, 0x00]);
export const bool = (v: boolean): Buffer => Buffer.from([0x01, 0x01, v ? 0xff : 0x00]);

export function int(v: number | bigint | Buffer): Buffer {
  let b: Buffer;
  if (Buffer.isBuffer(v)) b = v;
  else {
    let hex = BigInt(v).toString(16);
    if (hex.length % 2) hex = '0' + hex;
    b = Buffer.from(hex, 'hex');
  }
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && !(b[i + 1] & 0x80)) i++;
  b = b.subarray(i);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

export function oid(s: string): Buffer {
  const p = s.split('.').map(Number);
  const out = [p[0] * 40 + p[1]];
  for (const v of p.slice(2)) {
    const stack = [v & 0x7f];
    let x = Math.floor(v / 128);
    while (x > 0) {
      stack.unshift((x & 0x7f) | 0x80);
      x = Math.floor(x / 128);
    }
    out.push(...stack);
  }
  return tlv(0x06, Buffer.from(out));
}

export function generalizedTime(d: Date): Buffer {
  const iso = d.toISOString(); // 2026-03-15T02:03:04.567Z
  const ms = iso.slice(20, 23).replace(/0+$/, '');
  return tlv(0x18, Buffer.from(iso.slice(0, 19).replace(/[-:T]/g, '') + (ms ? '.' + ms : '') + 'Z', 'latin1'));
}

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
} as const;

export const algSha256 = (): Buffer => seq(oid(OID.sha256));
