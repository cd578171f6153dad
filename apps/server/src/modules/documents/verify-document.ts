import { and, eq } from 'drizzle-orm';
import { verifyPdf } from '@netsign/documents';
import type { AppContext } from '../../platform/app-context';
import { issuedDocuments } from './tables';
import { notaryCases } from '../notary/tables';
import { trustedRoots } from './keys';
import { safeEqual } from '../../platform/crypto';

/** An uploaded PDF checked against the platform root and the record of issued documents. */
export async function verifyUploadedPdf(ctx: AppContext, pdf: Buffer) {
  const report = verifyPdf(pdf, { trustedRoots: await trustedRoots(ctx), now: ctx.clock.now() });
  const [onRecord] = await ctx.db.select().from(issuedDocuments).where(eq(issuedDocuments.sha256, report.sha256));
  return { ...report, onRecord: onRecord ? { kind: onRecord.kind, title: onRecord.title, reference: onRecord.reference, issuedAt: onRecord.issuedAt, signedBy: onRecord.signedBy } : null };
}

/** The QR on a 公证书 cover: its number and code name exactly one certificate. */
export async function verifyCertificateByCode(ctx: AppContext, number: string, code: string) {
  const [c] = await ctx.db.select().from(notaryCases).where(and(eq(notaryCases.certificateNumber, number)));
  if (!c || !c.verificationCode || !safeEqual(c.verificationCode, code.toUpperCase())) return null;
  const pdf = await ctx.blobs.getBuffer(c.certificateFile!);
  const report = await verifyUploadedPdf(ctx, pdf);
  const snap = c.snapshot as any;
  return {
    certificateNumber: number, businessNo: c.businessNo, issuedAt: c.decidedAt, sha256: c.certificateSha256,
    unit: `${snap.parties.unit.projectName} ${snap.parties.unit.building} ${snap.parties.unit.number}`,
    seller: snap.parties.seller.name, buyers: snap.terms.buyers.map((b: any) => b.name),
    valid: report.valid, signatures: report.signatures.map((s) => ({ signer: s.signer?.commonName, signingTime: s.signingTime, intact: s.intact, trusted: s.trusted })),
  };
}
