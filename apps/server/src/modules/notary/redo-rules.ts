import { DomainError } from '@netsign/domain';
import type { ApplicationRow } from './case-access';

/**
 * After 同意继续 a buyer uploads and verifies freely; once submitted, only what the notary
 * named in a 补正 request may be done again.
 */
export function assertMayDo(app: ApplicationRow, item: string, label: string) {
  if (app.status === '已阅读') return;
  const items: string[] = app.supplement?.items ?? [];
  if (app.status === '待补正' && items.includes(item)) return;
  // a new ID front makes the second face check stale (see missingSteps): it may then be redone too
  if (app.status === '待补正' && item === 'second_verification' && app.route === 'face' && items.includes('id_front'))
    return;
  throw new DomainError('ILLEGAL_STATE', `公证申请当前状态为「${app.status}」，不能${label}`, 409);
}

export const stepsOf = (app: ApplicationRow) => app.steps;

/** The patch that records one 补正 item as redone (nothing when no supplement is open). */
export function supplementDone(app: ApplicationRow, item: string): Partial<ApplicationRow> {
  if (app.status !== '待补正') return {};
  const s = app.supplement ?? { items: [] };
  return { supplement: { ...s, done: [...new Set([...(s.done ?? []), item])] } };
}
