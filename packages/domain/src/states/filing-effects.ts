import { contractMachine, type ContractCommand, type ContractStatus } from './contract';
import type { FilingCommand } from './filing';

/** What the 备案 desk tells the contract (`filing.decided`): one outcome a filing step. */
export const FILING_OUTCOMES = ['accepted', 'reviewed', 'filed', 'returned'] as const;
export type FilingOutcome = (typeof FILING_OUTCOMES)[number];
export const FILING_OUTCOME: Record<FilingCommand, FilingOutcome> = {
  accept: 'accepted',
  reviewPass: 'reviewed',
  reviewReturn: 'returned',
  file: 'filed',
  return: 'returned',
};

/** The contract's step that follows each outcome: the contract mirrors its filing. */
export const CONTRACT_FOLLOWS: Record<FilingOutcome, ContractCommand> = {
  accepted: 'filingAccepted',
  reviewed: 'filingReviewed',
  filed: 'filed',
  returned: 'filingReturned',
};

/** The contract's statuses while the center holds it, in the order its filing moves. */
const FILING_ORDER: readonly ContractStatus[] = ['备案申请中', '已受理', '已审核', '已备案'];

/**
 * Whether the contract is still at a step before the one `command` starts from: the message of
 * the filing's step before this one was not handled yet (two instances took both at once), so
 * this one must wait for it rather than be dropped as already done.
 */
export function arrivedEarly(status: ContractStatus, command: ContractCommand): boolean {
  const at = FILING_ORDER.indexOf(status);
  const from = contractMachine.commands[command].from.map((s) => FILING_ORDER.indexOf(s)).filter((i) => i >= 0);
  return at >= 0 && from.length > 0 && at < Math.min(...from);
}
