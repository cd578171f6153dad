import { z } from './zod';

/** Every 4xx/5xx body: a stable English code, a Chinese message, and the broken field rules. */
export const ZApiError = z.object({
  code: z.string(),
  message: z.string(),
  violations: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
  currentState: z.string().optional(),
});
export type TApiError = z.infer<typeof ZApiError>;
