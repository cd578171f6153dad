import { shanghaiDate } from '@netsign/domain';
import { renderEContract, signPdfWith } from '@netsign/documents';
import type { TContractTerms } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import type { ContractRow } from '../contracts/contract-access';
import { getOrganisation } from '../accounts/describe-seller';
import { econtractData } from './mappers';
import { organisationSigner, timestampSource } from './keys';
import { storeIssued } from './store-issued';

type Material = { category: string; fileSha256: string; mime: string };

async function imagesOf(ctx: AppContext, materials: Material[], category: string) {
  const picked = materials.filter((m) => m.category === category && m.mime.startsWith('image/'));
  return Promise.all(picked.map((m) => ctx.blobs.getBuffer(m.fileSha256)));
}

async function render(ctx: AppContext, row: ContractRow, materials: Material[], sellerSeal: boolean) {
  return renderEContract(
    econtractData({
      businessNo: row.businessNo,
      parties: row.parties,
      terms: row.terms as TContractTerms,
      contractDate: shanghaiDate(ctx.clock.now()),
      floorPlans: await imagesOf(ctx, materials, 'floor_plan'),
      drainagePlans: await imagesOf(ctx, materials, 'drainage_plan'),
      sellerSeal,
    }),
  );
}

/**
 * 生成电子合同: rendered from the contract record (never from bytes a browser sent), sealed and
 * digitally signed by the seller company, time-stamped, and kept on record by its hash.
 */
export async function generateEContract(ctx: AppContext, row: ContractRow, materials: Material[]) {
  const { pdf } = await render(ctx, row, materials, true);
  const org = await getOrganisation(ctx.db, row.sellerOrgId);
  const signed = await signPdfWith(pdf, await organisationSigner(ctx, org), {
    reason: `电子合同 ${row.businessNo}`,
    location: row.parties.unit.city,
    timestamp: await timestampSource(ctx),
    docMdp: 2, // certification: afterwards only signing (each buyer's signature) is allowed
  });
  return storeIssued(ctx, null, signed, {
    kind: 'econtract',
    title: '中山市商品房买卖合同',
    reference: row.businessNo,
    signedBy: org.name,
  });
}

/** 打印合同 for the paper path: the same text, without the electronic seal, to sign and seal by hand. */
export async function renderContractForPrint(ctx: AppContext, row: ContractRow, materials: Material[]) {
  return (await render(ctx, row, materials, false)).pdf;
}
