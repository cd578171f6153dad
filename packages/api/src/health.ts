import { z } from './zod';
import { ZApiError } from './errors';

// What load balancers and monitors read (apps/server/src/http/health.ts).
export const ZAlive = z.object({ ok: z.literal(true) });
export const ZHealth = z.object({ ok: z.literal(true), database: z.enum(['pglite', 'postgres']) });
const ZChecks = z.partialRecord(z.enum(['database', 'migrations', 'blobs']), z.enum(['ok', 'failed', 'pending']));
export const ZReady = z.object({ ok: z.literal(true), checks: ZChecks });
/** 503 while the database or the blob store does not answer, or a migration is not applied */
export const ZNotReady = ZApiError.extend({ checks: ZChecks });
