import { ZApiError, type TApiError } from '../errors';

/** One broken rule of a request: the field (dotted path), a stable code, a Chinese message. */
export type Violation = NonNullable<TApiError['violations']>[number];

/**
 * Every failed call of either app: the HTTP status (0 when the network failed), the server's stable
 * `code`, its Chinese `message`, and the broken field rules.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly violations: Violation[] = [],
    readonly currentState?: string,
  ) {
    super(message);
  }

  /** The error a body says, when it is the server's error shape; else `fallback` for this status. */
  static fromBody(status: number, body: unknown, fallback: string): ApiError {
    const e = ZApiError.safeParse(body);
    if (!e.success) return new ApiError(status, `HTTP_${status}`, fallback);
    return new ApiError(status, e.data.code, e.data.message, e.data.violations ?? [], e.data.currentState);
  }
}
