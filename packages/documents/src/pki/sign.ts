// PAdES signing: placeholder-plain appends the signature dictionary as an incremental update
// (earlier signatures stay valid), then we fill it in place. The document is hashed once, as two
// slices around the placeholder, and only the CMS signed attributes are RSA-signed — no second
// copy of the PDF, no re-serialisation.
import { createHash } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { PDFObject, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { buildSignedData, timeStampAttribute } from './cms.ts';
import { certInfo, dnText } from './cert-info.ts';
import type { Credential } from './keys.ts';
import type { TimestampFn } from './tsa.ts';

export interface SignOptions {
  reason: string; // e.g. 出具公证书 (2026)粤中山证字第1234号
  location?: string;
  name?: string; // shown as the signer's name; defaults to the certificate's CN
  contactInfo?: string;
  /** RFC 3161 time-stamp source. Without it the signature carries only the signer's claimed time. */
  timestamp?: TimestampFn;
  signatureLength?: number; // bytes reserved for the CMS; default fits a 3-level chain + token
}

// placeholder-plain turns each string into bytes with Buffer.from(str) (UTF-8), which garbles
// the UTF-16 it builds for non-ASCII text. Emit such strings as ASCII hex <FEFF…> instead.
const patched = Symbol.for('netsign.pdfobject.patched');
const PO = PDFObject as unknown as { convert: (o: unknown, ...rest: unknown[]) => string; [patched]?: boolean };
if (!PO[patched]) {
  const original = PO.convert.bind(PDFObject);
  PO.convert = (o: unknown, ...rest: unknown[]) => {
    if (o instanceof String && /[^\x00-\x7f]/.test(String(o))) {
      const le = Buffer.from('\ufeff' + String(o), 'utf16le');
      return `<${Buffer.from(le).swap16().toString('hex').toUpperCase()}>`;
    }
    return original(o, ...rest);
  };
  PO[patched] = true;
}

const BYTE_RANGE_PLACEHOLDER = Buffer.from('/ByteRange [0 /********** /********** /**********]');

export async function signPdf(pdf: Buffer, signer: Credential, o: SignOptions): Promise<Buffer> {
  const me = certInfo(signer.certPem);
  const cn = /CN=([^\n]+)/.exec(me.x509.subject)?.[1] ?? dnText(me.x509.subject);
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: o.reason,
    location: o.location ?? '',
    name: o.name ?? cn,
    contactInfo: o.contactInfo ?? '',
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    signatureLength: o.signatureLength ?? 16384,
    appName: 'netsign',
  });
  const out = tidyTrailer(withPlaceholder);
  const brAt = out.lastIndexOf(BYTE_RANGE_PLACEHOLDER);
  if (brAt < 0) throw new Error('signature placeholder not found');
  const open = out.indexOf('<', out.indexOf('/Contents ', brAt));
  const close = out.indexOf('>', open);
  const range = [0, open, close + 1, out.length - close - 1];
  const brText = `/ByteRange [${range.join(' ')}]`;
  if (brText.length > BYTE_RANGE_PLACEHOLDER.length) throw new Error('byte range does not fit its placeholder');
  out.write(brText.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), brAt, 'latin1');

  const digest = createHash('sha256').update(out.subarray(0, open)).update(out.subarray(close + 1)).digest();
  const cms = await buildSignedData({
    signer,
    contentDigest: digest,
    unsigned: o.timestamp
      ? async (sig) => [timeStampAttribute(await o.timestamp!(createHash('sha256').update(sig).digest()))]
      : undefined,
  });
  const hex = cms.toString('hex');
  if (hex.length > close - open - 1) throw new Error(`signature (${cms.length} bytes) exceeds the reserved ${(close - open - 1) / 2}; raise signatureLength`);
  out.write(hex, open + 1, 'latin1'); // the rest of the placeholder stays 0-padded
  return out;
}

/** placeholder-plain's trailer points startxref one byte before "xref" and can overstate /Size;
 * readers cope, `qpdf --check` warns. Rewrite the last trailer exactly (it is after the signature
 * dictionary, so nothing signed moves). */
function tidyTrailer(pdf: Buffer): Buffer {
  const xref = pdf.lastIndexOf('\nxref\n') + 1;
  const trailer = pdf.lastIndexOf('trailer');
  if (xref <= 0 || trailer < xref) return pdf;
  const table = pdf.subarray(xref, trailer).toString('latin1');
  const dict = pdf.subarray(trailer, pdf.lastIndexOf('startxref')).toString('latin1');
  const prevAt = Number(/\/Prev (\d+)/.exec(dict)?.[1]);
  const prevTrailer = pdf.subarray(0, xref).lastIndexOf('trailer');
  const prevSize = Number(/\/Size (\d+)/.exec(pdf.subarray(prevTrailer, prevTrailer + 400).toString('latin1'))?.[1] ?? 0);
  let highest = 0;
  for (const m of table.matchAll(/^(\d+) (\d+)$/gm)) highest = Math.max(highest, Number(m[1]) + Number(m[2]) - 1);
  const size = Math.max(prevSize, highest + 1);
  if (!Number.isFinite(prevAt)) return pdf;
  const fixed = dict.replace(/\/Size \d+/, `/Size ${size}`);
  return Buffer.concat([pdf.subarray(0, trailer), Buffer.from(`${fixed}startxref\n${xref}\n%%EOF\n`, 'latin1')]);
}
