import type { ContractStatus } from './contract';

/** How the contract is signed: 网签 with electronic notarization, or 纸质合同面签. */
export type ContractPath = 'notarized' | 'paper';

interface Step {
  title: string;
  /** statuses in which the contract is at this step */
  at: readonly ContractStatus[];
  /** a paper contract never goes through it */
  notarizedOnly?: true;
}

const STEPS: readonly Step[] = [
  { title: '填写合同', at: ['草稿', '已撤销'] },
  { title: '设置合同密码', at: ['待设置密码'] },
  { title: '收件材料', at: ['待上传材料'] },
  { title: '公证', at: ['公证中', '公证已退回'], notarizedOnly: true },
  { title: '已公证', at: ['已公证'], notarizedOnly: true },
  { title: '备案申请', at: ['备案申请中', '备案退回'] },
  { title: '受理', at: ['已受理'] },
  { title: '审核', at: ['已审核'] },
  { title: '备案', at: ['已备案'] },
];

export interface ContractProgress {
  titles: string[];
  /** index into titles of the step the contract is at */
  current: number;
  state: 'process' | 'error' | 'finish';
}

/**
 * The contract page's step bar. A paper contract (纸质合同面签) skips 公证 and 已公证: shown as done,
 * they would tell the seller a notary had certified a contract no notary saw. Before a path is
 * chosen the bar shows the notarized one, the manual's main path.
 */
export function contractProgress(status: ContractStatus, path: ContractPath | null): ContractProgress {
  const steps = STEPS.filter((s) => path !== 'paper' || !s.notarizedOnly);
  const current = Math.max(
    0,
    steps.findIndex((s) => s.at.includes(status)),
  );
  const state =
    status === '公证已退回' || status === '备案退回' || status === '已撤销'
      ? 'error'
      : status === '已备案'
        ? 'finish'
        : 'process';
  return { titles: steps.map((s) => s.title), current, state };
}
