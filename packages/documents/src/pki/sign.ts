// PAdES signing: our placeholder writer (placeholder.ts) appends the signature dictionary as an
// incremental update (earlier signatures stay valid), then we fill it in place. The document is
// copied once (input + appended revision), hashed once as two slices around the placeholder, and
// only the CMS signed attributes are RSA-signed — no re-serialisation of the PDF.
// Every signature goes through the same writer, so placeholder kinds are never mixed in one file.
import { createHash } from 'node:crypto';
import { addSignaturePlaceholder, type Placeholder, type PlaceholderOptions } from './placeholder.ts';
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
  /** certify with this DocMDP level (1: no change after it; 2: form filling and signing); first signature only */
  docMdp?: 1 | 2 | 3;
  /** a visible signature: page (0-based), rectangle, and the drawn signature as its appearance */
  widget?: PlaceholderOptions['widget'];
}

/** A PDF with an empty signature appended, ready for a CMS over its byte range (any signer). */
export interface PreparedPdf {
  pdf: Buffer; // input + the appended revision, /Contents still zeros
  byteRange: [number, number, number, number];
  /** the signed bytes (two slices around the /Contents placeholder, not copied) */
  content: [Buffer, Buffer];
  room: number; // bytes the CMS may take
}

export function preparePdf(pdf: Buffer, o: Omit<SignOptions, 'timestamp'> & { name: string }): PreparedPdf {
  const ph = addSignaturePlaceholder(pdf, {
    reason: o.reason,
    location: o.location ?? '',
    name: o.name,
    contactInfo: o.contactInfo ?? '',
    signatureLength: o.signatureLength ?? 16384,
    appName: 'netsign',
    docMdp: o.docMdp,
    widget: o.widget,
  });
  return fillByteRange(ph);
}

/** Writes the /ByteRange of a placeholder: everything but the /Contents hex string. */
export function fillByteRange(ph: Placeholder): PreparedPdf {
  const out = ph.pdf;
  const open = ph.contentsOpen;
  const close = ph.contentsClose;
  const range: [number, number, number, number] = [0, open, close + 1, out.length - close - 1];
  const brText = `/ByteRange [${range.join(' ')}]`;
  if (brText.length > ph.byteRangeLength) throw new Error('byte range does not fit its placeholder');
  out.write(brText.padEnd(ph.byteRangeLength, ' '), ph.byteRangeAt, 'latin1');
  return {
    pdf: out,
    byteRange: range,
    content: [out.subarray(0, open), out.subarray(close + 1)],
    room: (close - open - 1) / 2,
  };
}

/** Put a CMS SignedData (DER) into the prepared file's /Contents. */
export function embedCms(p: PreparedPdf, cms: Buffer): Buffer {
  const hex = cms.toString('hex');
  if (cms.length > p.room)
    throw new Error(`signature (${cms.length} bytes) exceeds the reserved ${p.room}; raise signatureLength`);
  p.pdf.write(hex, p.byteRange[1] + 1, 'latin1'); // the rest of the placeholder stays 0-padded
  return p.pdf;
}

export async function signPdf(pdf: Buffer, signer: Credential, o: SignOptions): Promise<Buffer> {
  const me = certInfo(signer.certPem);
  const cn = /CN=([^\n]+)/.exec(me.x509.subject)?.[1] ?? dnText(me.x509.subject);
  const p = preparePdf(pdf, { ...o, name: o.name ?? cn });
  const digest = createHash('sha256').update(p.content[0]).update(p.content[1]).digest();
  const cms = await buildSignedData({
    signer,
    contentDigest: digest,
    unsigned: o.timestamp
      ? async (sig) => [timeStampAttribute(await o.timestamp!(createHash('sha256').update(sig).digest()))]
      : undefined,
  });
  return embedCms(p, cms);
}
