import { z } from 'zod';
import type { ThrottlePolicy } from './throttle';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * Every attempt limit, by name, with its default. docs/SECURITY.md lists them; the environment
 * variable LIMITS (JSON, e.g. `{"contractQuery":{"free":3}}`) overrides any field of any of them.
 */
export const DEFAULT_LIMITS = {
  /** 合同查询, per 业务号: 4 free tries, then waits of 1, 2, 4, 8, 16 min; the 10th locks it for a day (the seller can lift it) */
  contractQuery: { free: 5, delayMs: MIN, lockAfter: 10, lockMs: DAY, windowMs: DAY },
  /** 合同查询, per client address: 30 wrong tries an hour */
  contractQueryIp: { free: 30, delayMs: 0, lockAfter: 30, windowMs: HOUR },
  /** staff login, per user name (known or not): 4 free tries, then 1, 2, 4, 8, 16 min; the 10th locks it for an hour */
  login: { free: 5, delayMs: MIN, lockAfter: 10, lockMs: HOUR, windowMs: DAY },
  /** staff login, per client address: 30 wrong tries an hour */
  loginIp: { free: 30, delayMs: 0, lockAfter: 30, windowMs: HOUR },
  /** SMS codes, per phone: resend after 1, 2, 4 … min; at most 10 codes in 24 h */
  otpPhone: { free: 1, delayMs: MIN, lockAfter: 10, windowMs: DAY },
  /** SMS codes, per client address: at most 100 codes in 24 h (a sales office shares one address) */
  otpIp: { free: 100, delayMs: 0, lockAfter: 100, windowMs: DAY },
  /** SMS code sign-in, per client address: 50 wrong codes an hour */
  otpVerifyIp: { free: 50, delayMs: 0, lockAfter: 50, windowMs: HOUR },
} satisfies Record<string, ThrottlePolicy>;

export type LimitName = keyof typeof DEFAULT_LIMITS;
export type Limits = Record<LimitName, ThrottlePolicy>;

const ZPolicyOverride = z
  .object({
    free: z.number().int().min(1),
    delayMs: z.number().int().min(0),
    lockAfter: z.number().int().min(1),
    lockMs: z.number().int().min(0),
    windowMs: z.number().int().min(1000),
  })
  .partial()
  .strict();

/** The LIMITS setting: JSON of overrides by limit name; unknown names are refused at start. */
export const ZLimits = z
  .string()
  .optional()
  .transform((v, c): Limits => {
    let raw: unknown = {};
    try {
      raw = v ? JSON.parse(v) : {};
    } catch {
      c.addIssue({ code: 'custom', message: 'LIMITS 须为 JSON，如 {"contractQuery":{"free":3}}' });
      return z.NEVER;
    }
    const parsed = z
      .partialRecord(z.enum(Object.keys(DEFAULT_LIMITS) as [LimitName, ...LimitName[]]), ZPolicyOverride)
      .safeParse(raw);
    if (!parsed.success) {
      c.addIssue({
        code: 'custom',
        message: `LIMITS 有误：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`,
      });
      return z.NEVER;
    }
    const out = { ...DEFAULT_LIMITS } as Limits;
    for (const [name, o] of Object.entries(parsed.data) as [LimitName, Partial<ThrottlePolicy>][])
      out[name] = { ...DEFAULT_LIMITS[name], ...o };
    return out;
  });
