import { DomainError, settleAreaDifference } from '@netsign/domain';
import type { TContractTerms } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { loadOwnContract } from './contract-access';

/**
 * GF-2014-0171 第十三条, on the contract page once the measured area is known: the settlement
 * under the model text's ±3 % rule, from the contract's own area, price basis and unit price.
 */
export async function settleContractAreaDifference(
  ctx: AppContext,
  actor: StaffActor,
  id: string,
  measuredArea: number,
) {
  const row = await loadOwnContract(ctx.db, actor, id, false);
  const terms = row.terms as Partial<TContractTerms>;
  const unit = row.parties.unit;
  if (!terms.pricing || terms.pricing.method === 'whole') {
    throw new DomainError(
      'AREA_DIFFERENCE_NOT_APPLICABLE',
      '按套计价的合同不按面积差异结算（第十三条适用于按面积计价）',
      409,
    );
  }
  if (terms.areaDifference?.method === 'agreed') {
    throw new DomainError(
      'AREA_DIFFERENCE_AGREED',
      `双方已另行约定面积差异处理方式：${terms.areaDifference.agreedTerms ?? ''}`,
      409,
    );
  }
  const interior = terms.pricing.method === 'inner_area';
  const r = settleAreaDifference(
    {
      basis: interior ? 'INTERIOR' : 'BUILDING',
      contractedArea: interior ? unit.innerArea : unit.buildArea,
      measuredArea,
      unitPrice: terms.pricing.unitPrice,
    },
    'measuredArea',
  );
  if (!r.ok)
    throw new DomainError('VALIDATION_FAILED', r.violations.map((v) => v.message).join('；'), 400, r.violations);
  return r.value;
}
