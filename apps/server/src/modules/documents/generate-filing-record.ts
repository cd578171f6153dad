import { shanghaiDate } from '@netsign/domain';
import { renderFilingRecord, signPdfWith } from '@netsign/documents';
import type { AppContext, Executor } from '../../platform/app-context';
import type { TFilingRequested } from '../events';
import { buyerData, sellerData, unitData } from './mappers';
import { organisationSigner, timestampSource } from './keys';
import { storeIssued } from './store-issued';
import { addArchiveEvidence } from './add-archive-timestamp';

/** 备案证明, signed by the transaction center, inside the filing's transaction. */
export async function generateFilingRecord(
  ctx: AppContext,
  tx: Executor,
  o: {
    snapshot: TFilingRequested;
    filingNumber: string;
    center: { id: string; name: string; kind: string; uscc: string | null };
    filedAt: Date;
  },
) {
  const s = o.snapshot;
  const { pdf } = await renderFilingRecord({
    filingNumber: o.filingNumber,
    filingDate: shanghaiDate(o.filedAt),
    centerName: o.center.name,
    businessNumber: s.businessNo,
    contractNumber: s.businessNo,
    certificateNumber: s.certificate?.number,
    seller: sellerData(s.parties),
    buyers: s.terms.buyers.map(buyerData),
    unit: unitData(s.parties),
    totalPrice: s.terms.pricing.totalPrice / 100,
    verifyUrl: `${ctx.config.publicUrl}/verify`,
  });
  const signed = await signPdfWith(pdf, await organisationSigner(ctx, o.center), {
    reason: `合同备案 ${o.filingNumber}`,
    location: o.center.name,
    timestamp: await timestampSource(ctx),
    docMdp: 1,
  });
  const lta = await addArchiveEvidence(ctx, signed); // B-LTA (DSS + document time-stamp) before it is stored
  return storeIssued(ctx, tx, lta.pdf, {
    kind: 'filing_record',
    title: '备案证明',
    reference: o.filingNumber,
    signedBy: o.center.name,
    archiveUntil: lta.archiveUntil,
  });
}
