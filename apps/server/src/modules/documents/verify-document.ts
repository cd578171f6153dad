import { and, eq } from 'drizzle-orm';
import { unitLabel } from '@netsign/api';
import { verifyPdf } from '@netsign/documents';
import type { AppContext } from '../../platform/app-context';
import { issuedDocuments } from './tables';
import { notaryCases } from '../notary/tables';
import { trustedRoots } from './keys';
import { currentCrls } from './publish-crl';
import { currentVersion } from './current-version';
import { safeEqual } from '../../platform/crypto';
import { loadedCase } from '../notary/stored-evidence';

/** The record of an issued document by its SHA-256 (what "on record" means). No personal data. */
export async function recordByHash(ctx: AppContext, sha256: string) {
  const [d] = await ctx.db
    .select({
      kind: issuedDocuments.kind,
      title: issuedDocuments.title,
      reference: issuedDocuments.reference,
      signedBy: issuedDocuments.signedBy,
      issuedAt: issuedDocuments.issuedAt,
      pages: issuedDocuments.pages,
    })
    .from(issuedDocuments)
    .where(eq(issuedDocuments.sha256, sha256));
  return d ? { onRecord: true as const, ...d } : null;
}

/**
 * An uploaded PDF checked against the platform root, the signing policy for its kind and the
 * record of issued documents — the same verifyPdf that `netsign verify` runs, with the record
 * looked up in-process instead of over HTTP.
 */
export async function verifyUploadedPdf(ctx: AppContext, pdf: Buffer) {
  // the record the check found: what the answer lists as `onRecord`
  let found: Awaited<ReturnType<typeof recordByHash>> = null;
  const report = await verifyPdf(pdf, {
    trustedRoots: await trustedRoots(ctx),
    now: ctx.clock.now(),
    crls: await currentCrls(ctx),
    record: async (sha) => (found = await recordByHash(ctx, sha)) ?? { onRecord: false },
  });
  const r = found as Awaited<ReturnType<typeof recordByHash>>;
  return {
    ...report,
    onRecord:
      report.record.checked && r
        ? { kind: r.kind, title: r.title, reference: r.reference, issuedAt: r.issuedAt, signedBy: r.signedBy }
        : null,
  };
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
  const [c] = await ctx.db
    .select()
    .from(notaryCases)
    .where(and(eq(notaryCases.certificateNumber, number)));
  if (!c || !c.verificationCode || !safeEqual(c.verificationCode, code.toUpperCase())) return null;
  const pdf = await ctx.blobs.getBuffer(await currentVersion(ctx, c.certificateFile!)); // with its newest archive time-stamp
  const report = await verifyUploadedPdf(ctx, pdf);
  const snap = loadedCase(c).snapshot;
  const u = snap.parties.unit;
  const signer = report.signatures[0];
  return {
    kind: '公证书' as const,
    certificateNumber: number,
    businessNo: c.businessNo,
    issuedAt: c.decidedAt,
    sha256: report.sha256,
    pages: report.onRecord ? ((await recordByHash(ctx, report.sha256))?.pages ?? null) : null,
    unit: unitLabel(u),
    totalPrice: snap.terms.pricing.totalPrice / 100,
    seller: snap.parties.seller.name,
    sellerUscc: snap.parties.seller.uscc,
    buyers: snap.terms.buyers.map((b) => b.name),
    parties: [
      { role: '出卖人', name: snap.parties.seller.name, id: `统一社会信用代码 ${snap.parties.seller.uscc}` },
      ...snap.terms.buyers.map((b) => ({ role: '买受人', name: b.name, id: maskIdNumber(b.idNumber) })),
    ],
    signer: signer
      ? {
          name: signer.signer?.commonName ?? null,
          role: signer.roleLabel,
          type: signer.type,
          docMdp: signer.docMdp,
          time: signer.signingTime,
        }
      : null,
    valid: report.valid,
    verdict: report.verdict,
    problems: report.problems,
    signatures: report.signatures.map((s) => ({
      signer: s.signer?.commonName,
      role: s.roleLabel,
      type: s.type,
      docMdp: s.docMdp,
      signingTime: s.signingTime,
      intact: s.intact,
      trusted: s.trusted,
      level: s.level,
    })),
  };
}
