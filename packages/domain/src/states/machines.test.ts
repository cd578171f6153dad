import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apply, canApply, allowedCommands, type Machine } from './machine';
import { contractMachine, LIVE_CONTRACT_STATUSES, type ContractCommand, type ContractStatus } from './contract';
import { caseMachine } from './notary-case';
import { applicationMachine } from './buyer-application';
import { filingMachine } from './filing';
import { unitMachine, type UnitStatus } from './unit';
import { unitEffect } from './unit-effects';
import { DomainError } from '../rule';

const machines: Machine<string, string>[] = [
  contractMachine,
  caseMachine,
  applicationMachine,
  filingMachine,
  unitMachine,
] as any;

describe.each(machines.map((m) => [m.name, m] as const))('%s state machine', (_name, m) => {
  const commands = Object.keys(m.commands);

  it('never leaves its states; an illegal command is a 409 that names the current state', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...commands), { maxLength: 40 }), (seq) => {
        let state = m.initial;
        for (const c of seq) {
          if (canApply(m, state, c)) {
            state = apply(m, state, c);
            expect(m.states).toContain(state);
          } else {
            try {
              apply(m, state, c);
              expect.unreachable('illegal command was applied');
            } catch (e) {
              expect(e).toBeInstanceOf(DomainError);
              expect((e as DomainError).status).toBe(409);
              expect((e as DomainError).message).toContain(`「${state}」`);
            }
          }
        }
      }),
    );
  });

  it('every state can be reached from the initial one', () => {
    const seen = new Set([m.initial]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const s of [...seen])
        for (const c of allowedCommands(m, s)) {
          const t = apply(m, s, c);
          if (!seen.has(t)) {
            seen.add(t);
            grew = true;
          }
        }
    }
    expect([...seen].sort()).toEqual([...m.states].sort());
  });
});

describe('units and contracts together', () => {
  // A sales launch in miniature: contracts race for a few units with any sequence of commands.
  it('a unit never has two live contracts, and is 可售 exactly when none holds it', () => {
    const op = fc.record({
      kind: fc.constantFrom('create', 'command'),
      unit: fc.integer({ min: 0, max: 2 }),
      contract: fc.integer({ min: 0, max: 7 }),
      command: fc.constantFrom(...(Object.keys(contractMachine.commands) as ContractCommand[])),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const units: UnitStatus[] = ['可售', '可售', '可售'];
        const contracts: { unit: number; status: ContractStatus }[] = [];
        for (const o of ops) {
          if (o.kind === 'create' || contracts.length === 0) {
            contracts.push({ unit: o.unit, status: contractMachine.initial });
            continue;
          }
          const c = contracts[o.contract % contracts.length];
          if (!canApply(contractMachine, c.status, o.command)) continue;
          const effect = unitEffect(o.command, c.status);
          // the server refuses the contract step when the unit cannot follow (e.g. already locked)
          if (effect && !canApply(unitMachine, units[c.unit], effect)) continue;
          if (effect) units[c.unit] = apply(unitMachine, units[c.unit], effect);
          c.status = apply(contractMachine, c.status, o.command);
        }
        units.forEach((u, i) => {
          const live = contracts.filter((c) => c.unit === i && LIVE_CONTRACT_STATUSES.includes(c.status));
          expect(live.length).toBeLessThanOrEqual(1);
          expect(u === '可售').toBe(live.length === 0);
        });
      }),
      { numRuns: 500 },
    );
  });
});
