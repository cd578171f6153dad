import { z } from './zod';

/** Every 4xx/5xx body: a stable English code, a Chinese message, and the broken field rules. */
export const ZViolation = z.object({ field: z.string(), code: z.string(), message: z.string() });
export const ZApiError = z.object({
  code: z.string(),
  message: z.string(),
  violations: z.array(ZViolation).optional(),
  currentState: z.string().optional(),
  /** a busy service (503): seconds until it is worth trying again, as the Retry-After header says */
  retryAfter: z.number().optional(),
});
export type TApiError = z.infer<typeof ZApiError>;
