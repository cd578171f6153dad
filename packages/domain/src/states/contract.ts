import { defineMachine } from './machine';

export const CONTRACT_STATUSES = [
  '草稿',
  '待设置密码',
  '待上传材料',
  '公证中',
  '公证已退回',
  '已公证',
  '备案申请中',
  '已受理',
  '已审核',
  '已备案',
  '备案退回',
  '已撤销',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Statuses in which the contract holds its unit: one unit, at most one of these. */
export const LIVE_CONTRACT_STATUSES: readonly ContractStatus[] = CONTRACT_STATUSES.filter(
  (s) => s !== '草稿' && s !== '已撤销',
);

/** Where the seller may still add, replace or delete 收件材料. */
export const MATERIALS_EDITABLE: readonly ContractStatus[] = ['待上传材料', '公证已退回', '备案退回'];
/** Before 设置合同密码 no 收件材料 can have been uploaded (no command leads back there). */
export const BEFORE_MATERIALS: readonly ContractStatus[] = ['草稿', '待设置密码'];

export const contractMachine = defineMachine({
  name: '合同',
  states: CONTRACT_STATUSES,
  initial: '草稿' as ContractStatus,
  commands: {
    edit: { from: ['草稿'], to: '草稿', label: '修改合同内容' },
    submit: { from: ['草稿'], to: '待设置密码', label: '提交' },
    setPassword: { from: ['待设置密码'], to: '待上传材料', label: '设置合同密码' },
    pushToNotary: { from: ['待上传材料', '公证已退回'], to: '公证中', label: '生成电子合同并推送公证处' },
    notaryReturned: { from: ['公证中'], to: '公证已退回', label: '退回公证' },
    certificateIssued: { from: ['公证中'], to: '已公证', label: '接收公证书' },
    applyFiling: { from: ['已公证', '备案退回'], to: '备案申请中', label: '提交备案申请' },
    submitPaper: { from: ['待上传材料', '备案退回'], to: '备案申请中', label: '提交纸质合同备案' },
    filingAccepted: { from: ['备案申请中'], to: '已受理', label: '受理' },
    filingReviewed: { from: ['已受理'], to: '已审核', label: '审核通过' },
    filed: { from: ['已审核'], to: '已备案', label: '备案' },
    filingReturned: { from: ['备案申请中', '已受理', '已审核'], to: '备案退回', label: '退回备案申请' },
    cancel: { from: ['草稿', '待设置密码', '待上传材料', '公证已退回', '备案退回'], to: '已撤销', label: '撤销' },
  },
});
export type ContractCommand = keyof typeof contractMachine.commands;
