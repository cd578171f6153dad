// A broken rule, as every layer reports it: which field, a stable English code, a Chinese message.
export interface RuleViolation {
  /** dotted path of the field, e.g. "buyers.0.idNumber"; empty for the whole record */
  field: string;
  /** stable English code, e.g. "ID_CHECKSUM" */
  code: string;
  /** what a Chinese user reads: which field, what rule */
  message: string;
}

export type RuleResult<T = void> = { ok: true; value: T } | { ok: false; violations: RuleViolation[] };

export const ok = <T>(value: T): RuleResult<T> => ({ ok: true, value });
export const broken = (field: string, code: string, message: string): RuleResult<never> => ({
  ok: false,
  violations: [{ field, code, message }],
});

/** Thrown by the domain when a command is not allowed; the HTTP layer maps it to a 4xx. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly violations: RuleViolation[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
