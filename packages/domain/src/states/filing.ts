import { defineMachine } from './machine';

export const FILING_STATUSES = ['待受理', '已受理', '已审核', '已备案', '已退回'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

/**
 * The transaction center's steps (manual 6–7): 受理, then 审核, then 备案. 审核 has a result:
 * 通过 leads on to 备案, 退回 sends the application back with a reason. After 受理 the application
 * is under 审核, so a 退回 there is the 审核's result; before 受理 and after 审核通过 it is a plain 退回.
 */
export const filingMachine = defineMachine({
  name: '备案申请',
  states: FILING_STATUSES,
  initial: '待受理' as FilingStatus,
  commands: {
    accept: { from: ['待受理'], to: '已受理', label: '受理' },
    reviewPass: { from: ['已受理'], to: '已审核', label: '审核' },
    reviewReturn: { from: ['已受理'], to: '已退回', label: '审核' },
    file: { from: ['已审核'], to: '已备案', label: '备案' },
    return: { from: ['待受理', '已审核'], to: '已退回', label: '退回' },
  },
});
export type FilingCommand = keyof typeof filingMachine.commands;

/** The two results of 审核, each its own step of the machine. */
export const FILING_REVIEW_RESULTS = ['通过', '退回'] as const;
export type FilingReviewResult = (typeof FILING_REVIEW_RESULTS)[number];
export const REVIEW_COMMAND: Record<FilingReviewResult, FilingCommand> = { 通过: 'reviewPass', 退回: 'reviewReturn' };
