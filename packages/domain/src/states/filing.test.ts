import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apply, canApply, allowedCommands } from './machine';
import { filingMachine, REVIEW_COMMAND, type FilingCommand, type FilingStatus } from './filing';
import { contractMachine, type ContractStatus } from './contract';
import { arrivedEarly, CONTRACT_FOLLOWS, FILING_OUTCOME } from './filing-effects';

const commands = Object.keys(filingMachine.commands) as FilingCommand[];
const anyCommands = fc.array(fc.constantFrom(...commands), { maxLength: 30 });

/** The commands of `seq` the machine accepts, in order, with the states they lead through. */
function run(seq: FilingCommand[]) {
  let state: FilingStatus = filingMachine.initial;
  const steps: { command: FilingCommand; from: FilingStatus; to: FilingStatus }[] = [];
  for (const c of seq) {
    if (!canApply(filingMachine, state, c)) continue;
    const to = apply(filingMachine, state, c);
    steps.push({ command: c, from: state, to });
    state = to;
  }
  return { state, steps };
}

describe('备案申请: 受理, then 审核, then 备案 (manual 6–7)', () => {
  it('备案 is only ever reached through 受理 and 审核通过, in that order', () => {
    fc.assert(
      fc.property(anyCommands, (seq) => {
        const { state, steps } = run(seq);
        if (state === '已备案') expect(steps.map((s) => s.command)).toEqual(['accept', 'reviewPass', 'file']);
        for (const s of steps.filter((x) => x.command === 'file')) expect(s.from).toBe('已审核');
      }),
    );
  });

  it('审核 (either result) is offered exactly after 受理, and 退回 in every open state and no final one', () => {
    for (const s of filingMachine.states) {
      const allowed = allowedCommands(filingMachine, s);
      for (const result of ['通过', '退回'] as const)
        expect(allowed.includes(REVIEW_COMMAND[result])).toBe(s === '已受理');
      const returns = allowed.filter((c) => filingMachine.commands[c].to === '已退回');
      expect(returns.length > 0).toBe(['待受理', '已受理', '已审核'].includes(s));
    }
  });

  it('a 退回 after 受理 is always the result of 审核', () => {
    fc.assert(
      fc.property(anyCommands, (seq) => {
        for (const s of run(seq).steps)
          if (s.to === '已退回' && s.from === '已受理') expect(s.command).toBe('reviewReturn');
      }),
    );
  });
});

describe('the contract follows its filing', () => {
  const MIRROR: Record<FilingStatus, ContractStatus> = {
    待受理: '备案申请中',
    已受理: '已受理',
    已审核: '已审核',
    已备案: '已备案',
    已退回: '备案退回',
  };

  it('each outcome, handled in order, is a legal step of the contract', () => {
    fc.assert(
      fc.property(anyCommands, (seq) => {
        let contract: ContractStatus = '备案申请中';
        for (const s of run(seq).steps) {
          contract = apply(contractMachine, contract, CONTRACT_FOLLOWS[FILING_OUTCOME[s.command]]);
          expect(contract).toBe(MIRROR[s.to]);
        }
      }),
    );
  });

  // two instances may take a filing's messages at once: a message that finds the contract at an
  // earlier step waits (is retried); one that finds the step done is dropped as a redelivery
  it('messages handled in any order end with the contract where the filing is', () => {
    fc.assert(
      fc.property(anyCommands, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (seq, picks) => {
        const { state, steps } = run(seq);
        const pending = steps.map((s) => CONTRACT_FOLLOWS[FILING_OUTCOME[s.command]]);
        let contract: ContractStatus = '备案申请中';
        for (let i = 0; pending.length; i++) {
          const start = picks[i % picks.length] % pending.length;
          const order = pending.map((_, k) => (start + k) % pending.length);
          const k = order.find((j) => !arrivedEarly(contract, pending[j]));
          expect(k, 'every waiting message is early: none could ever be handled').toBeDefined();
          const [command] = pending.splice(k!, 1);
          if (canApply(contractMachine, contract, command)) contract = apply(contractMachine, contract, command);
        }
        expect(contract).toBe(MIRROR[state]);
      }),
    );
  });
});
