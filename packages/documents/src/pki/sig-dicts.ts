// Finding the signature dictionaries of a PDF by their /ByteRange (every revision's, in file
// order), and telling CAdES signatures from PAdES document time-stamps (/Type /DocTimeStamp,
// /SubFilter /ETSI.RFC3161). Verification and the LTV writer both start here.

export interface FoundSignature {
  at: number; // offset of "/ByteRange"
  dict: string; // the dictionary's text, /Contents left out
  br?: [number, number, number, number];
  kind: 'signature' | 'doc-timestamp';
}

export function findSignatureDicts(pdf: Buffer): FoundSignature[] {
  const out: FoundSignature[] = [];
  const marker = Buffer.from('/ByteRange');
  for (let at = pdf.indexOf(marker); at >= 0; at = pdf.indexOf(marker, at + marker.length)) {
    const m = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(
      pdf.subarray(at, at + 120).toString('latin1'),
    );
    const dict = dictAround(pdf, at);
    const kind =
      /\/Type\s*\/DocTimeStamp\b/.test(dict) || /\/SubFilter\s*\/ETSI\.RFC3161\b/.test(dict)
        ? 'doc-timestamp'
        : 'signature';
    out.push({ at, dict, br: m ? (m.slice(1).map(Number) as [number, number, number, number]) : undefined, kind });
  }
  return out;
}

/** Where a byte range ends: the revision it closes. */
export const rangeEnd = (br: [number, number, number, number]) => br[2] + br[3];

/** The whole /Contents value (zero padding included) of a well-formed byte range, or undefined. */
export function contentsBytes(pdf: Buffer, br: [number, number, number, number]): Buffer | undefined {
  const [, b, c] = br;
  if (c <= b || c > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) return undefined;
  const hex = pdf.subarray(b + 1, c - 1).toString('latin1');
  return /^[0-9a-fA-F]*$/.test(hex) && hex.length % 2 === 0 ? Buffer.from(hex, 'hex') : undefined;
}

/** The DER element at the start of the zero-padded /Contents value. */
export function derPrefix(b: Buffer): Buffer {
  if (b[0] !== 0x30) throw new Error('not a DER SEQUENCE');
  let len = b[1],
    header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[2 + i];
    header += n;
  }
  if (header + len > b.length) throw new Error('DER length runs past the value');
  return b.subarray(0, header + len);
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
