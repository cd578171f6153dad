import { defineMachine } from './machine';

export const FILING_STATUSES = ['待受理', '已受理', '已备案', '已退回'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

export const filingMachine = defineMachine({
  name: '备案申请',
  states: FILING_STATUSES,
  initial: '待受理' as FilingStatus,
  commands: {
    accept: { from: ['待受理'], to: '已受理', label: '受理' },
    file: { from: ['已受理'], to: '已备案', label: '备案' },
    return: { from: ['待受理', '已受理'], to: '已退回', label: '退回' },
  },
});
export type FilingCommand = keyof typeof filingMachine.commands;
