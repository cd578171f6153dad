import { shanghaiDate } from '@netsign/domain';
import { and, eq } from 'drizzle-orm';
import { caseDocuments } from '../notary/tables';
import { renderCertificate, signPdfWith } from '@netsign/documents';
import type { AppContext, Executor } from '../../platform/app-context';
import type { CaseRow, ApplicationRow } from '../notary/case-access';
import { buyerData, sellerData, unitData } from './mappers';
import { organisationSigner, timestampSource } from './keys';
import { storeIssued } from './store-issued';
import { addArchiveEvidence } from './add-archive-timestamp';
import type { TApplicationSteps } from '@netsign/api';
import { describeSecondCheck } from '../notary/document-second-check';

/** The e-contract as it stands now: the case's copy, signed by every buyer who has signed. */
async function currentEContract(tx: Executor, caseId: string, pushed: string): Promise<string> {
  const [d] = await tx
    .select({ sha256: caseDocuments.fileSha256 })
    .from(caseDocuments)
    .where(and(eq(caseDocuments.caseId, caseId), eq(caseDocuments.kind, 'econtract')));
  return d?.sha256 ?? pushed;
}

export const verifyLink = (ctx: AppContext, number: string, code: string) =>
  `${ctx.config.publicUrl}/verify?no=${encodeURIComponent(number)}&code=${code}`;

/**
 * 公证书: cover with number and QR, 证词, the e-contract, the seller's licence, the legal
 * representative's and every buyer's ID photos and signatures; signed by the notary office.
 * Runs inside the approval's transaction (`tx`), so a failure leaves no number used. A
 * certification signature with DocMDP 1: any change after it fails verification — but for the
 * DSS and the document time-stamp of B-LTA, which PAdES allows.
 */
export async function generateCertificate(
  ctx: AppContext,
  tx: Executor,
  o: {
    caseRow: CaseRow;
    applications: ApplicationRow[];
    office: { id: string; name: string; kind: string; uscc: string | null; address: string | null };
    notaryName: string;
    number: string;
    verificationCode: string;
    issuedAt: Date;
  },
) {
  const pushed = o.caseRow.snapshot;
  const blob = (sha?: string) => (sha ? ctx.blobs.getBuffer(sha) : Promise.resolve(undefined));
  const material = (cat: string, i = 0) =>
    pushed.materials.filter((m) => m.category === cat && m.mime.startsWith('image/'))[i]?.sha256;
  const buyers = await Promise.all(
    o.applications.map(async (a) => {
      const s = a.steps;
      return {
        ...buyerData(pushed.terms.buyers[a.buyerIndex]),
        verification: a.route === 'face' ? ('face' as const) : ('document-video' as const),
        verifiedAt: s.first?.method === 'document' ? s.first.at : s.first?.decidedAt,
        secondCheck: secondCheckForCertificate(s.second),
        idFront: await blob(s.photos?.id_front?.sha256),
        idBack: await blob(s.photos?.id_back?.sha256),
        signature: await blob(s.photos?.signature?.sha256),
      };
    }),
  );
  // the contract is signed online when the last buyer submits
  const submitted = o.applications.map((a) => a.submittedAt?.getTime() ?? 0).filter(Boolean);
  const signingDay = submitted.length ? new Date(Math.max(...submitted)) : o.issuedAt;
  const { pdf } = await renderCertificate({
    certificateNumber: o.number,
    officeName: o.office.name,
    officeAddress: o.office.address ?? undefined,
    notaryName: o.notaryName,
    issueDate: shanghaiDate(o.issuedAt),
    signingDate: shanghaiDate(signingDay),
    verifyUrl: verifyLink(ctx, o.number, o.verificationCode),
    contract: { businessNumber: pushed.businessNo, contractNumber: pushed.businessNo },
    seller: sellerData(pushed.parties),
    buyers,
    unit: unitData(pushed.parties),
    eContractPdf: await ctx.blobs.getBuffer(await currentEContract(tx, o.caseRow.id, pushed.econtract.sha256)),
    sellerLicence: await blob(material('business_licence')),
    legalRepIdFront: await blob(material('legal_rep_id', 0)),
    legalRepIdBack: await blob(material('legal_rep_id', 1)),
  });
  const signed = await signPdfWith(pdf, await organisationSigner(ctx, o.office), {
    reason: `出具公证书 ${o.number}`,
    location: o.office.name,
    timestamp: await timestampSource(ctx),
    docMdp: 1,
  });
  const lta = await addArchiveEvidence(ctx, signed); // B-LTA before it is stored: the file on record is the archival one
  return storeIssued(ctx, tx, lta.pdf, {
    kind: 'certificate',
    title: '公证书',
    reference: o.number,
    signedBy: o.office.name,
    archiveUntil: lta.archiveUntil,
  });
}

/** The second identity check as the 证词 states it: the face route's live check, or the document route's comparison at submit. */
function secondCheckForCertificate(second: TApplicationSteps['second']): { at: string; summary: string } | undefined {
  if (!second?.passed) return undefined;
  if (second.method === 'document-video') return { at: second.decidedAt, summary: describeSecondCheck(second) };
  const m = second.match;
  return {
    at: second.decidedAt,
    summary: `再次通过人脸识别核验${m ? `，与首次核验人脸相似度 ${Number(m.score).toFixed(2)}（阈值 ${m.threshold}）` : ''}，确认为同一人`,
  };
}
