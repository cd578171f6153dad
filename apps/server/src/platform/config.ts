import { z } from 'zod';
import { resolve } from 'node:path';
import { ZLimits } from './limits';
import { ALL_CHALLENGES } from '@netsign/face/types';

// Every setting the server reads, from the environment; one schema is the parser and the doc.
export const ZConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** postgres://… switches from the embedded PGlite to PostgreSQL */
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined)),
  /** where PGlite, local blobs and generated keys live */
  DATA_DIR: z.string().default('./data'),
  /** the address buyers and QR codes use to reach this server */
  PUBLIC_URL: z.string().url().optional(),
  /** S3-compatible blob store; the local directory store is used when S3_BUCKET is unset */
  S3_BUCKET: z.string().optional(),
  S3_ENDPOINT: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /**
   * 32-byte hex key that encrypts private keys at rest. Production needs it from the environment
   * (or a PKCS#11 token, from which it is then derived); elsewhere one is made in DATA_DIR when unset
   */
  MASTER_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i)
    .optional(),
  /** earlier master keys (comma-separated hex) whose sealed data is still read until it is sealed again, at start (docs/SECURITY.md, item 12) */
  MASTER_KEYS_PREVIOUS: z
    .string()
    .optional()
    .transform((v, c) => {
      const keys = (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (keys.some((k) => !/^[0-9a-f]{64}$/i.test(k)))
        c.addIssue({ code: 'custom', message: 'MASTER_KEYS_PREVIOUS 须为逗号分隔的 64 位十六进制密钥' });
      return keys;
    }),
  /** PKCS#11 module of the hardware key store (e.g. /usr/lib/softhsm/libsofthsm2.so); unset = keys in the database only */
  PKCS11_LIBRARY: z.string().optional(),
  /** label of the token that holds the keys, and its user PIN */
  PKCS11_TOKEN: z.string().optional(),
  PKCS11_PIN: z.string().optional(),
  /** which keys are made in the token when first needed: comma-separated `org:<id>` or `org:*` (docs/OPERATIONS.md) */
  PKCS11_KEYS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** external RFC 3161 time-stamp authority; the built-in one is used when unset */
  TSA_URL: z.string().url().optional(),
  /** PEM file of further root certificates to trust, e.g. the real CA whose PKCS#12 was imported */
  TRUSTED_ROOTS: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For names the client; none by default */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** serve the local SMS outbox (/dev/outbox: it shows sign-in codes); `npm start` turns it on, production refuses it */
  DEV_OUTBOX: z.stringbool().default(false),
  /** attempt limits (JSON overrides by name, see platform/limits.ts and docs/SECURITY.md) */
  LIMITS: ZLimits,
  /** seconds between audit checkpoints (signed Merkle roots over every chain head, made when anything changed); 0 = none */
  AUDIT_CHECKPOINT_SECONDS: z.coerce.number().min(0).default(5),
  /** minutes a QR link stays valid */
  QR_TTL_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .default(60 * 24 * 7),
  /** 'memory' keeps PGlite in memory (tests, demo runs) */
  /** liveness actions the server may ask for (comma-separated): blink,turn-left,turn-right,open-mouth */
  FACE_CHALLENGES: z
    .string()
    .default(ALL_CHALLENGES.join(','))
    .superRefine((v, c) => {
      const unknown = v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && !ALL_CHALLENGES.includes(s as any));
      if (unknown.length)
        c.addIssue({
          code: 'custom',
          message: `未知的活体动作 ${unknown.join(', ')}；可选：${ALL_CHALLENGES.join(', ')}`,
        });
    }),
  /** face match threshold override (similarity 0–1); the default is measured, see docs/FACE.md */
  FACE_MATCH_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  /** face-analysis worker threads (each holds its own models, ~300 MiB); default max(1, cores − 1) */
  FACE_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /** frames that may wait for a face worker; beyond it a face request gets 503 face_busy + Retry-After */
  FACE_QUEUE_LIMIT: z.coerce.number().int().min(1).default(60),
  /** milliseconds an uploaded PDF's content check may take (in a worker thread); longer → 422 PDF_TOO_COMPLEX */
  PDF_CHECK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PGLITE_MEMORY: z.stringbool().default(false),
});
export type TConfig = z.infer<typeof ZConfig> & { dataDir: string; publicUrl: string };

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<z.input<typeof ZConfig>> = {},
): TConfig {
  // the face package's own name for this setting; the server reads FACE_CHALLENGES only (one name, docs/FACE.md)
  if (env.NETSIGN_FACE_CHALLENGES !== undefined)
    throw new Error(
      'NETSIGN_FACE_CHALLENGES 不被服务器读取，请改用 FACE_CHALLENGES（例如 FACE_CHALLENGES=blink,turn-left）',
    );
  const parsed = ZConfig.parse({ ...env, ...overrides });
  if (parsed.DEV_OUTBOX && parsed.NODE_ENV === 'production')
    throw new Error('DEV_OUTBOX 会公开短信验证码，生产环境（NODE_ENV=production）不可开启');
  if (parsed.PKCS11_LIBRARY && !(parsed.PKCS11_TOKEN && parsed.PKCS11_PIN))
    throw new Error('PKCS11_LIBRARY 已设置，还须设置 PKCS11_TOKEN（令牌标签）与 PKCS11_PIN');
  // a key file beside the database would sit in the same backups as the keys it protects
  if (parsed.NODE_ENV === 'production' && !parsed.MASTER_KEY && !parsed.PKCS11_LIBRARY) {
    throw new Error(
      '生产环境（NODE_ENV=production）须由环境变量提供 MASTER_KEY（64 位十六进制，例如 openssl rand -hex 32），或配置 PKCS11_LIBRARY 硬件密钥库；不会在数据库旁生成密钥文件。MASTER_KEY is required in production (or a PKCS#11 token)',
    );
  }
  return {
    ...parsed,
    dataDir: resolve(parsed.DATA_DIR),
    publicUrl: parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`,
  };
}
