import { DomainError, apply, contractMachine, type ContractStatus } from '@netsign/domain';
import type { TContractTerms } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { loadOwnContract, transition } from './contract-access';
import { listMaterials, missingMaterials } from './list-materials';
import { getOrganisation } from '../accounts/describe-seller';
import { generateEContract } from '../documents/generate-econtract';
import { CONTRACT_PUSHED, type TContractPushed } from '../events';
import { dataKeysOf, sealPersonal } from '../../platform/personal-data';

/** 生成电子合同并推送公证处: checks, renders and signs the e-contract, and sends the case to the office. */
export async function pushToNotary(ctx: AppContext, actor: StaffActor, id: string, notaryOfficeId: string) {
  const draft = await loadOwnContract(ctx.db, actor, id, false);
  apply(contractMachine, draft.status as ContractStatus, 'pushToNotary');
  const parties = draft.parties;
  const materials = await listMaterials(ctx.db, id);
  const missing = missingMaterials(materials, 'notarized');
  if (missing.length)
    throw new DomainError(
      'MATERIALS_MISSING',
      `收件材料不全：${missing.map((m) => m.message).join('；')}`,
      400,
      missing,
    );
  const office = await getOrganisation(ctx.db, notaryOfficeId);
  if (!office || office.kind !== 'notary')
    throw new DomainError('NOTARY_OFFICE_NOT_FOUND', '公证处不存在', 400, [
      { field: 'notaryOfficeId', code: 'NOTARY_OFFICE_NOT_FOUND', message: '请选择公证处' },
    ]);
  if (office.city !== parties.unit.city) {
    // 公证法 art. 25: real-estate notarization goes to an office where the property lies
    throw new DomainError(
      'NOTARY_OFFICE_WRONG_CITY',
      `房屋位于${parties.unit.city}，只能选择${parties.unit.city}的公证处（《公证法》第二十五条）`,
      400,
      [{ field: 'notaryOfficeId', code: 'NOTARY_OFFICE_WRONG_CITY', message: `请选择${parties.unit.city}的公证处` }],
    );
  }
  // rendering and signing take a while: done before the transaction, which then checks nothing moved
  const econtract = await generateEContract(ctx, draft, materials);
  return ctx.db.transaction(async (tx) => {
    const row = await loadOwnContract(tx, actor, id);
    if (row.version !== draft.version) throw new DomainError('STALE_VERSION', '合同在生成期间被修改，请重试', 409);
    const pushed: TContractPushed = {
      contractId: row.id,
      businessNo: row.businessNo,
      sellerOrgId: row.sellerOrgId,
      officeId: office.id,
      // queued events are stored rows too: the ID numbers travel sealed
      parties,
      terms: sealPersonal(dataKeysOf(ctx), row.terms as TContractTerms),
      econtract: { sha256: econtract.sha256, pages: econtract.pages },
      materials: materials.map((m) => ({ category: m.category, sha256: m.fileSha256, mime: m.mime })),
    };
    await ctx.bus.emit(tx, CONTRACT_PUSHED, pushed);
    return transition(
      ctx,
      tx,
      actor,
      row,
      'pushToNotary',
      {
        path: 'notarized',
        notaryOfficeId: office.id,
        econtractFile: econtract.sha256,
        econtractSha256: econtract.sha256,
        signedAt: ctx.clock.now(),
        returnReason: null,
        qrLink: null,
        qrExpiresAt: null,
      },
      { notaryOfficeId: office.id, econtractSha256: econtract.sha256 },
    );
  });
}
