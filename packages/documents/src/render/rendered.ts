// What every renderer returns: the PDF, its SHA-256 (what the server keeps on record and what
// `verify` looks up) and the fingerprint of the data printed in the footer.
import { createHash } from 'node:crypto';

export interface RenderedDocument {
  pdf: Buffer;
  sha256: string; // of the PDF bytes
  fingerprint: string; // SHA-256 of the canonical input data, printed (shortened) in the footer
}

export function done(pdf: Buffer, fingerprint: string): RenderedDocument {
  return { pdf, sha256: createHash('sha256').update(pdf).digest('hex'), fingerprint };
}
