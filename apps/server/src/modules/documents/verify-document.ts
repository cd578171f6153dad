import { and, eq } from 'drizzle-orm';
import { verifyPdf } from '@netsign/documents';
import type { AppContext } from '../../platform/app-context';
import { issuedDocuments } from './tables';
import { notaryCases } from '../notary/tables';
import { trustedRoots } from './keys';
import { safeEqual } from '../../platform/crypto';

/** The record of an issued document by its SHA-256 (what "on record" means). No personal data. */
export async function recordByHash(ctx: AppContext, sha256: string) {
  const [d] = await ctx.db.select().from(issuedDocuments).where(eq(issuedDocuments.sha256, sha256));
  return d ? { onRecord: true as const, kind: d.kind, title: d.title, reference: d.reference, signedBy: d.signedBy, issuedAt: d.issuedAt, pages: d.pages } : null;
}

/**
 * An uploaded PDF checked against the platform root, the signing policy for its kind and the
 * record of issued documents — the same verifyPdf that `netsign verify` runs, with the record
 * looked up in-process instead of over HTTP.
 */
export async function verifyUploadedPdf(ctx: AppContext, pdf: Buffer) {
  const report = await verifyPdf(pdf, {
    trustedRoots: await trustedRoots(ctx), now: ctx.clock.now(),
    record: async (sha) => (await recordByHash(ctx, sha)) ?? { onRecord: false },
  });
  const r = report.record;
  return { ...report, onRecord: r.checked && r.onRecord ? { kind: r.kind, title: r.title, reference: r.reference, issuedAt: r.issuedAt, signedBy: r.signedBy } : null };
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
    valid: report.valid, verdict: report.verdict, problems: report.problems,
    signatures: report.signatures.map((s) => ({ signer: s.signer?.commonName, role: s.roleLabel, type: s.type, docMdp: s.docMdp, signingTime: s.signingTime, intact: s.intact, trusted: s.trusted })),
  };
}
