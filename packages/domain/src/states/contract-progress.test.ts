import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apply, canApply } from './machine';
import { CONTRACT_STATUSES, contractMachine, type ContractCommand, type ContractStatus } from './contract';
import { contractProgress } from './contract-progress';

const commands = Object.keys(contractMachine.commands) as ContractCommand[];
/** the path a run of commands took: set by the command that leaves 收件材料 */
const pathOf = (c: ContractCommand) => (c === 'submitPaper' ? 'paper' : c === 'pushToNotary' ? 'notarized' : null);

describe('the contract page’s step bar (contractProgress)', () => {
  it('names every status at a step of its path; a paper contract has no 公证 step', () => {
    for (const status of CONTRACT_STATUSES) {
      for (const path of ['notarized', 'paper', null] as const) {
        const p = contractProgress(status, path);
        expect(p.current).toBeGreaterThanOrEqual(0);
        expect(p.current).toBeLessThan(p.titles.length);
        if (path === 'paper') expect(p.titles).not.toContain('公证');
        if (path === 'paper') expect(p.titles).not.toContain('已公证');
      }
    }
    expect(contractProgress('备案申请中', 'paper')).toMatchObject({ current: 3, state: 'process' });
    expect(contractProgress('备案申请中', 'notarized')).toMatchObject({ current: 5 });
    expect(contractProgress('公证已退回', 'notarized')).toMatchObject({ current: 3, state: 'error' });
    expect(contractProgress('已备案', 'paper')).toMatchObject({ current: 6, state: 'finish' });
  });

  it('moves forward along any run of the machine, back only when the contract is returned, withdrawn or changes path', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...commands), { maxLength: 30 }), (seq) => {
        let status: ContractStatus = contractMachine.initial;
        let path: 'notarized' | 'paper' | null = null;
        let before = contractProgress(status, path).current;
        for (const c of seq) {
          if (!canApply(contractMachine, status, c)) continue;
          status = apply(contractMachine, status, c);
          // a notarized contract whose filing was returned may be submitted on paper (备案退回 → 提交纸质合同备案)
          const pathChanged = path !== null && pathOf(c) !== null && pathOf(c) !== path;
          path = pathOf(c) ?? path;
          const now = contractProgress(status, path).current;
          if (!pathChanged && !['notaryReturned', 'filingReturned', 'cancel'].includes(c))
            expect(now).toBeGreaterThanOrEqual(before);
          if (path === 'paper') expect(contractProgress(status, path).titles).not.toContain('公证');
          before = now;
        }
      }),
    );
  });
});
