// PAdES B-LTA for every document the platform issues (issue 13 item 2): after the last signature,
// the DSS with every certificate, CRL and OCSP response its signatures need (and the status of the
// TSA about to stamp), then a document time-stamp over it all. Issuance adds it before storing, so
// the file on record is the B-LTA one; the renewal job adds another before the TSA certificate of
// the last one expires.
import { addArchiveTimestamp, documentTimestampsOf } from '@netsign/documents';
import type { AppContext } from '../../platform/app-context';
import { timestampSource, tsaCredential } from './keys';
import { validationContext } from './validation-data';

export interface ArchivedPdf {
  pdf: Buffer;
  /** when the new document time-stamp's TSA certificate expires: renew before then */
  archiveUntil: Date | null;
}

export async function addArchiveEvidence(ctx: AppContext, signed: Buffer): Promise<ArchivedPdf> {
  const v = await validationContext(ctx);
  // the built-in TSA's certificate is known before it stamps, so its status goes into the DSS too
  const tsaCertPem = ctx.config.TSA_URL ? undefined : (await tsaCredential(ctx)).certPem;
  const pdf = await addArchiveTimestamp(signed, {
    trustedRoots: v.roots,
    revocation: v.revocation,
    timestamp: await timestampSource(ctx),
    tsaCertPem,
  });
  const last = (await documentTimestampsOf(pdf)).at(-1);
  return { pdf, archiveUntil: last?.tsaNotAfter ?? null };
}
