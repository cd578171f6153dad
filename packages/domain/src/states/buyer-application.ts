import { defineMachine } from './machine';

export const APPLICATION_STATUSES = ['待核验', '已核验', '已阅读', '待审核', '已通过', '已驳回', '待补正'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const applicationMachine = defineMachine({
  name: '公证申请',
  states: APPLICATION_STATUSES,
  initial: '待核验' as ApplicationStatus,
  commands: {
    firstVerified: { from: ['待核验'], to: '已核验', label: '完成身份核验' },
    documentsAgreed: { from: ['已核验'], to: '已阅读', label: '同意继续' },
    submit: { from: ['已阅读'], to: '待审核', label: '提交申请' },
    approve: { from: ['待审核'], to: '已通过', label: '审核通过' },
    reject: { from: ['待核验', '已核验', '已阅读', '待审核', '待补正'], to: '已驳回', label: '驳回' },
    requestSupplement: { from: ['待审核'], to: '待补正', label: '要求补正' },
    resubmit: { from: ['待补正'], to: '待审核', label: '提交补正材料' },
  },
});
export type ApplicationCommand = keyof typeof applicationMachine.commands;
