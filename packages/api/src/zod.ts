import { z } from 'zod';

// Messages in Chinese by default: what a clerk or buyer reads when a field is wrong.
z.config(z.locales.zhCN());

export { z };

/** Money in fen (分), an integer: no float rounding in prices. */
export const ZFen = z.number().int().nonnegative().max(1e13);
/** Area in hundredths of a square metre. */
export const ZArea = z.number().int().positive().max(10_000_000);
/** A calendar date, YYYY-MM-DD, that exists (no 2026-02-30: it would become an invalid Date later). */
export const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    '不是有效的日期',
  );
export const ZPhone = z.string().regex(/^(\+?\d{6,15})$/, '手机号码格式不正确');
export const ZUuid = z.uuid();

/**
 * A point in time on the wire: ISO 8601 with `Z` or an offset (what `Date.prototype.toJSON` writes).
 * The server may hand a `Date`: answers are checked after JSON encoding (apps/server/src/http/json-answers.ts).
 */
export const ZInstant = z.iso.datetime({ offset: true });
/** Lowercase hex SHA-256: how files, blobs and documents are named. */
export const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/);
