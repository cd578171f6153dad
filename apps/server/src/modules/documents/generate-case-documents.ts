import { shanghaiDate } from '@netsign/domain';
import { renderNotaryApplication, renderNotaryNotice, renderCaseRecord, NOTARY_NOTICE_VERSION, type TNotaryCaseData } from '@netsign/documents';
import { CASE_DOCUMENT_TITLES, type TBuyer, type TCaseDocumentKind } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import type { TContractPushed } from '../events';
import { getOrganisation } from '../accounts/describe-seller';
import { nextCounter } from '../../platform/counters';
import { buyerData, sellerData, unitData } from './mappers';
import { storeIssued } from './store-issued';

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
export async function generateCaseDocuments(ctx: AppContext, o: { caseId: string; receivedAt: Date; pushed: TContractPushed; applications: { id: string; buyerIndex: number; buyer: TBuyer }[] }): Promise<CaseDocumentRow[]> {
  const office = await getOrganisation(ctx.db, o.pushed.officeId);
  const year = shanghaiDate(o.receivedAt).slice(0, 4);
  const caseNumber = `(${year})${office.certificatePrefix?.replace('证字', '') ?? ''}受字第${await nextCounter(ctx.db, `case_no:${office.id}:${year}`)}号`;
  const rows: CaseDocumentRow[] = [{
    applicationId: null, kind: 'econtract', title: CASE_DOCUMENT_TITLES.econtract, version: o.pushed.econtract.sha256.slice(0, 12),
    fileSha256: o.pushed.econtract.sha256, pages: o.pushed.econtract.pages,
  }];
  const p = o.pushed.parties;
  for (const a of o.applications) {
    const data: TNotaryCaseData = {
      caseNumber, officeName: office.name, receivedAt: o.receivedAt.toISOString(),
      contract: { businessNumber: o.pushed.businessNo, contractNumber: o.pushed.businessNo, totalPrice: o.pushed.terms.pricing.totalPrice / 100 },
      seller: sellerData(p), buyer: buyerData(a.buyer), coBuyers: o.pushed.terms.buyers.filter((_, i) => i !== a.buyerIndex).map((b) => b.name),
      unit: unitData(p), channel: a.buyer.region === 'mainland' ? 'mainland' : 'non-mainland',
    };
    const made: [TCaseDocumentKind, Awaited<ReturnType<typeof renderCaseRecord>>, string][] = [
      ['application_form', await renderNotaryApplication(data), 'v1'],
      ['notice', await renderNotaryNotice(data), NOTARY_NOTICE_VERSION],
      ['intake_record', await renderCaseRecord(data), 'v1'],
    ];
    for (const [kind, doc, version] of made) {
      const stored = await storeIssued(ctx, null, doc.pdf, { kind, title: CASE_DOCUMENT_TITLES[kind], reference: caseNumber, signedBy: office.name });
      rows.push({ applicationId: a.id, kind, title: CASE_DOCUMENT_TITLES[kind], version: `${version}-${doc.fingerprint.slice(0, 8)}`, fileSha256: stored.sha256, pages: stored.pages });
    }
  }
  return rows;
}
