import { DomainError } from '@netsign/domain';
import type { TContractTerms } from '@netsign/api';
import type { AppContext, Executor } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { loadOwnContract, transition, type ContractRow } from './contract-access';
import { listMaterials, missingMaterials } from './list-materials';
import { FILING_REQUESTED, type TFilingRequested } from '../events';
import { centerOfCity } from '../accounts/center-of-city';
import { dataKeysOf, sealPersonal } from '../../platform/personal-data';

async function requestFiling(ctx: AppContext, tx: Executor, row: ContractRow, path: 'notarized' | 'paper') {
  const materials = await listMaterials(tx, row.id);
  const center = await centerOfCity(tx, row.parties.unit.city);
  const msg: TFilingRequested = {
    contractId: row.id,
    businessNo: row.businessNo,
    sellerOrgId: row.sellerOrgId,
    centerOrgId: center.id,
    path,
    parties: row.parties,
    terms: sealPersonal(dataKeysOf(ctx), row.terms as TContractTerms),
    econtractSha256: row.econtractSha256,
    certificate: row.certificateNumber ? { number: row.certificateNumber, sha256: row.certificateFile! } : null,
    materials: materials.map((m) => ({ category: m.category, sha256: m.fileSha256, mime: m.mime })),
  };
  await ctx.bus.emit(tx, FILING_REQUESTED, msg);
}

/** 提交 after the 公证书 came back: apply to the transaction center to file the contract. */
export async function applyForFiling(ctx: AppContext, actor: StaffActor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadOwnContract(tx, actor, id);
    if (row.status === '备案退回' && row.path === 'paper') return submitPaperIn(ctx, tx, actor, row);
    const next = await transition(ctx, tx, actor, row, 'applyFiling', { returnReason: null });
    await requestFiling(ctx, tx, next, 'notarized');
    return next;
  });
}

async function submitPaperIn(ctx: AppContext, tx: Executor, actor: StaffActor, row: ContractRow) {
  const missing = missingMaterials(await listMaterials(tx, row.id), 'paper');
  if (missing.length)
    throw new DomainError(
      'MATERIALS_MISSING',
      `收件材料不全：${missing.map((m) => m.message).join('；')}`,
      400,
      missing,
    );
  const next = await transition(ctx, tx, actor, row, 'submitPaper', {
    path: 'paper',
    signedAt: row.signedAt ?? ctx.clock.now(),
    returnReason: null,
  });
  await requestFiling(ctx, tx, next, 'paper');
  return next;
}

/** 纸质合同面签: the signed and sealed pages are uploaded; submit them to the transaction center. */
export async function submitPaperContract(ctx: AppContext, actor: StaffActor, id: string) {
  return ctx.db.transaction(async (tx) => submitPaperIn(ctx, tx, actor, await loadOwnContract(tx, actor, id)));
}
