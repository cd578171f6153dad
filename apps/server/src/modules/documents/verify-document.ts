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

/** An ID number as the public page may show it: the first and last four characters. */
export function maskIdNumber(id: string): string {
  if (id.length > 8) return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
  return id.slice(0, 1) + '*'.repeat(Math.max(1, id.length - 3)) + id.slice(-2);
}

/**
 * The QR on a 公证书 cover: its number and code name exactly one certificate. The answer carries
 * what the holder of a paper or PDF copy can compare — kind and number, parties (ID numbers
 * masked), unit, price, page count, SHA-256, issue time, signer — and the verification verdict.
 */
export async function verifyCertificateByCode(ctx: AppContext, number: string, code: string) {
  const [c] = await ctx.db.select().from(notaryCases).where(and(eq(notaryCases.certificateNumber, number)));
  if (!c || !c.verificationCode || !safeEqual(c.verificationCode, code.toUpperCase())) return null;
  const pdf = await ctx.blobs.getBuffer(c.certificateFile!);
  const report = await verifyUploadedPdf(ctx, pdf);
  const snap = c.snapshot as any;
  const u = snap.parties.unit;
  const signer = report.signatures[0];
  return {
    kind: '公证书', certificateNumber: number, businessNo: c.businessNo, issuedAt: c.decidedAt, sha256: c.certificateSha256,
    pages: report.onRecord ? (await recordByHash(ctx, report.sha256))?.pages ?? null : null,
    unit: `${u.projectName} ${u.building} ${u.number}`,
    totalPrice: snap.terms.pricing.totalPrice / 100,
    seller: snap.parties.seller.name, sellerUscc: snap.parties.seller.uscc,
    buyers: snap.terms.buyers.map((b: any) => b.name),
    parties: [
      { role: '出卖人', name: snap.parties.seller.name, id: `统一社会信用代码 ${snap.parties.seller.uscc}` },
      ...snap.terms.buyers.map((b: any) => ({ role: '买受人', name: b.name, id: maskIdNumber(String(b.idNumber)) })),
    ],
    signer: signer ? { name: signer.signer?.commonName ?? null, role: signer.roleLabel, type: signer.type, docMdp: signer.docMdp, time: signer.signingTime } : null,
    valid: report.valid, verdict: report.verdict, problems: report.problems,
    signatures: report.signatures.map((s) => ({ signer: s.signer?.commonName, role: s.roleLabel, type: s.type, docMdp: s.docMdp, signingTime: s.signingTime, intact: s.intact, trusted: s.trusted })),
  };
}
