import { DomainError } from '../rule';

/** A state machine as data: each command names the states it may start from and where it leads. */
export interface Machine<S extends string, C extends string> {
  name: string;
  states: readonly S[];
  initial: S;
  commands: Record<C, { from: readonly S[]; to: S; label: string }>;
}

export function defineMachine<S extends string, C extends string>(m: Machine<S, C>): Machine<S, C> {
  return m;
}

export function canApply<S extends string, C extends string>(m: Machine<S, C>, state: S, command: C): boolean {
  return m.commands[command].from.includes(state);
}

/** The next state, or a 409 that says the current state and what was refused. */
export function apply<S extends string, C extends string>(m: Machine<S, C>, state: S, command: C): S {
  const rule = m.commands[command];
  if (!rule.from.includes(state)) {
    throw new DomainError(
      'ILLEGAL_STATE',
      `${m.name}当前状态为「${state}」，不能${rule.label}（需处于：${rule.from.join('、')}）`,
      409,
    );
  }
  return rule.to;
}

/** Commands that are allowed now: what the UI offers. */
export function allowedCommands<S extends string, C extends string>(m: Machine<S, C>, state: S): C[] {
  return (Object.keys(m.commands) as C[]).filter((c) => canApply(m, state, c));
}
