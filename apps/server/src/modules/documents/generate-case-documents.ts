import { shanghaiDate } from '@netsign/domain';
import {
  renderNotaryApplication,
  renderNotaryNotice,
  renderCaseRecord,
  signPdfWith,
  NOTARY_NOTICE_VERSION,
  type TNotaryCaseData,
} from '@netsign/documents';
import { and, asc, eq } from 'drizzle-orm';
import { users } from '../accounts/tables';
import { organisationSigner, timestampSource } from './keys';
import { CASE_DOCUMENT_TITLES, type TBuyer, type TCaseDocumentKind } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import type { TContractPushed } from '../events';
import { getOrganisation } from '../accounts/describe-seller';
import { nextCounter } from '../../platform/counters';
import { buyerData, sellerData, unitData } from './mappers';
import { storeIssued } from './store-issued';
import { addArchiveEvidence } from './add-archive-timestamp';

export interface CaseDocumentRow {
  applicationId: string | null;
  kind: TCaseDocumentKind;
  title: string;
  version: string;
  fileSha256: string;
  pages: number;
}

/**
 * When the office receives a case: the 公证申请表, 公证告知 and 收案记录 for each buyer (their
 * content is the buyer's), plus the e-contract every buyer reads. Versions are recorded so the
 * case shows which text each buyer agreed to.
 */
export async function generateCaseDocuments(
  ctx: AppContext,
  o: {
    caseId: string;
    receivedAt: Date;
    pushed: TContractPushed;
    applications: { id: string; buyerIndex: number; buyer: TBuyer }[];
  },
): Promise<CaseDocumentRow[]> {
  const office = await getOrganisation(ctx.db, o.pushed.officeId);
  const year = shanghaiDate(o.receivedAt).slice(0, 4);
  const caseNumber = `(${year})${office.certificatePrefix?.replace('证字', '') ?? ''}受字第${await nextCounter(ctx.db, `case_no:${office.id}:${year}`)}号`;
  const rows: CaseDocumentRow[] = [
    {
      applicationId: null,
      kind: 'econtract',
      title: CASE_DOCUMENT_TITLES.econtract,
      version: o.pushed.econtract.sha256.slice(0, 12),
      fileSha256: o.pushed.econtract.sha256,
      pages: o.pushed.econtract.pages,
    },
  ];
  const p = o.pushed.parties;
  // 承办公证员 at receipt: the office's first active notary (a decision where the issue was silent;
  // a later assignment is recorded on the case, the signed record keeps who received it)
  const [notary] = await ctx.db
    .select({ name: users.displayName })
    .from(users)
    .where(and(eq(users.orgId, office.id), eq(users.role, 'notary'), eq(users.disabled, false)))
    .orderBy(asc(users.createdAt), asc(users.username))
    .limit(1);
  const officeKey = await organisationSigner(ctx, office);
  const stamp = await timestampSource(ctx);
  for (const a of o.applications) {
    const data: TNotaryCaseData = {
      caseNumber,
      officeName: office.name,
      notaryName: notary?.name,
      receivedAt: o.receivedAt.toISOString(),
      buyerIndex: a.buyerIndex,
      contract: {
        businessNumber: o.pushed.businessNo,
        contractNumber: o.pushed.businessNo,
        totalPrice: o.pushed.terms.pricing.totalPrice / 100,
      },
      seller: sellerData(p),
      buyer: buyerData(a.buyer),
      coBuyers: o.pushed.terms.buyers.filter((_, i) => i !== a.buyerIndex).map((b) => b.name),
      unit: unitData(p),
      channel: a.buyer.region === 'mainland' ? 'mainland' : 'non-mainland',
    };
    const made: [TCaseDocumentKind, Awaited<ReturnType<typeof renderCaseRecord>>, string][] = [
      ['application_form', await renderNotaryApplication(data), 'v1'],
      ['notice', await renderNotaryNotice(data), NOTARY_NOTICE_VERSION],
      ['intake_record', await renderCaseRecord(data), 'v1'],
    ];
    for (const [kind, doc, version] of made) {
      // the 收案记录 is the office's: certified at receipt (DocMDP 1). The 申请表 and 告知 are the
      // buyer's own and are stored unsigned until the buyer signs them (issue 12 item 1).
      // the 收案记录 is complete once the office signed it: B-LTA (DSS + document time-stamp) at once
      const lta =
        kind === 'intake_record'
          ? await addArchiveEvidence(
              ctx,
              await signPdfWith(doc.pdf, officeKey, {
                reason: `收案 ${caseNumber}`,
                location: office.name,
                timestamp: stamp,
                docMdp: 1,
              }),
            )
          : { pdf: doc.pdf, archiveUntil: null };
      const stored = await storeIssued(ctx, null, lta.pdf, {
        kind,
        title: CASE_DOCUMENT_TITLES[kind],
        reference: caseNumber,
        signedBy: kind === 'intake_record' ? office.name : undefined,
        archiveUntil: lta.archiveUntil,
      });
      rows.push({
        applicationId: a.id,
        kind,
        title: CASE_DOCUMENT_TITLES[kind],
        version: `${version}-${doc.fingerprint.slice(0, 8)}`,
        fileSha256: stored.sha256,
        pages: stored.pages,
      });
    }
  }
  return rows;
}
