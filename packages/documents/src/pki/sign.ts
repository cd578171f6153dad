// PAdES signing: our placeholder writer (placeholder.ts) appends the signature dictionary as an
// incremental update (earlier signatures stay valid), then we fill it in place. The document is
// copied once (input + appended revision), hashed once as two slices around the placeholder, and
// only the CMS signed attributes are RSA-signed — no re-serialisation of the PDF.
// Every signature goes through the same writer, so placeholder kinds are never mixed in one file.
import { createHash } from 'node:crypto';
import { addSignaturePlaceholder } from './placeholder.ts';
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

export async function signPdf(pdf: Buffer, signer: Credential, o: SignOptions): Promise<Buffer> {
  const me = certInfo(signer.certPem);
  const cn = /CN=([^\n]+)/.exec(me.x509.subject)?.[1] ?? dnText(me.x509.subject);
  const ph = addSignaturePlaceholder(pdf, {
    reason: o.reason,
    location: o.location ?? '',
    name: o.name ?? cn,
    contactInfo: o.contactInfo ?? '',
    signatureLength: o.signatureLength ?? 16384,
    appName: 'netsign',
  });
  const out = ph.pdf;
  const open = ph.contentsOpen;
  const close = ph.contentsClose;
  const range = [0, open, close + 1, out.length - close - 1];
  const brText = `/ByteRange [${range.join(' ')}]`;
  if (brText.length > ph.byteRangeLength) throw new Error('byte range does not fit its placeholder');
  out.write(brText.padEnd(ph.byteRangeLength, ' '), ph.byteRangeAt, 'latin1');

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
