import { defineMachine } from './machine';

export const CASE_STATUSES = ['待签署', '待审核', '待补正', '已通过', '已驳回'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const caseMachine = defineMachine({
  name: '公证案件',
  states: CASE_STATUSES,
  initial: '待签署' as CaseStatus,
  commands: {
    allSubmitted: { from: ['待签署', '待补正'], to: '待审核', label: '提交审核' },
    approve: { from: ['待审核'], to: '已通过', label: '审核通过' },
    reject: { from: ['待签署', '待审核', '待补正'], to: '已驳回', label: '驳回' },
    requestSupplement: { from: ['待审核'], to: '待补正', label: '要求补正' },
  },
});
export type CaseCommand = keyof typeof caseMachine.commands;
