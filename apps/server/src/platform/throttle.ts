import { sql } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import type { Executor } from './db';

/**
 * How many attempts a key (a 业务号, a user name, a phone, a client address) gets.
 * Attempts 1 … free-1 pass freely; from the `free`-th attempt on, each one makes the next wait
 * `delayMs`, doubling with every further attempt; from the `lockAfter`-th, the key is locked for
 * `lockMs` (or, without it, until its window ends). A counter older than `windowMs` starts again.
 * A fixed cap ("100 a day") is free = lockAfter = 100 with no lockMs.
 */
export interface ThrottlePolicy {
  free: number;
  windowMs: number;
  delayMs: number;
  lockAfter: number;
  lockMs?: number;
}

export interface ThrottleResult {
  key: string;
  allowed: boolean;
  /** attempts counted in the current window, this one included when allowed */
  count: number;
  lockedUntil: Date | null;
  /** seconds until the next attempt may pass (0 when not locked) */
  retryAfter: number;
}

/** 429 with the time to wait, in the body and in `Retry-After`. */
export class TooManyAttempts extends DomainError {
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super('too_many_attempts', message, 429);
  }
}

/** "N 分钟" (rounded up, so a wait under a minute reads "1 分钟") or "N 小时" for a wait of `seconds`. */
export function waitText(seconds: number): string {
  if (seconds <= 90 * 60) return `${Math.max(1, Math.ceil(seconds / 60))} 分钟`;
  return `${Math.ceil(seconds / 3600)} 小时`;
}

export function tooMany(r: ThrottleResult, what = '尝试次数过多', hint = ''): TooManyAttempts {
  return new TooManyAttempts(`${what}，请于 ${waitText(r.retryAfter)}后再试${hint}`, r.retryAfter);
}

const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const ms = (n: number) => sql`(${n}::float8 * interval '1 millisecond')`;

/** The lock an allowed attempt leaves behind, as SQL, given its count and its window's start. */
function lockExpr(p: ThrottlePolicy, n: any, windowStart: any, now: Date) {
  const lockout = p.lockMs !== undefined ? sql`${iso(now)} + ${ms(p.lockMs)}` : sql`${windowStart} + ${ms(p.windowMs)}`;
  return sql`case when ${n} >= ${p.lockAfter} then ${lockout}
    when ${n} >= ${p.free} then ${iso(now)} + ${ms(p.delayMs)} * power(2, least(${n} - ${p.free}, 30))
    else null end`;
}

/**
 * Counts one attempt on `key`, atomically, before the attempt is judged: one
 * `insert … on conflict do update … returning`, so concurrent attempts on every server instance
 * are each counted once and each sees its own outcome. An attempt on a locked key is refused and
 * not counted (waiting out a lock is what the lock asks for; hammering does not extend it).
 */
export async function hit(db: Executor, key: string, p: ThrottlePolicy, now: Date): Promise<ThrottleResult> {
  const cut = new Date(now.getTime() - p.windowMs);
  const locked = sql`t.locked_until > ${iso(now)}`;
  const expired = sql`t.window_start <= ${iso(cut)}`;
  const n = sql`(case when ${expired} then 1 else t.count + 1 end)`;
  const ws = sql`(case when ${expired} then ${iso(now)} else t.window_start end)`;
  const res: any = await db.execute(sql`
    insert into throttle_counters as t (key, count, window_start, locked_until, allowed, updated_at)
    values (${key}, 1, ${iso(now)}, ${lockExpr(p, sql`1`, iso(now), now)}, true, ${iso(now)})
    on conflict (key) do update set
      allowed = not coalesce(${locked}, false),
      count = case when ${locked} then t.count else ${n} end,
      window_start = case when ${locked} then t.window_start else ${ws} end,
      locked_until = case when ${locked} then t.locked_until else ${lockExpr(p, n, ws, now)} end,
      updated_at = ${iso(now)}
    returning count, locked_until, allowed`);
  const row = (res.rows ?? res)[0];
  const lockedUntil = row.locked_until ? new Date(row.locked_until) : null;
  const allowed = row.allowed === true || row.allowed === 't';
  const retryAfter =
    !allowed && lockedUntil ? Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000)) : 0;
  return { key, allowed, count: Number(row.count), lockedUntil, retryAfter };
}

/**
 * After a success on the key itself (the right password for this 业务号, this user): this attempt
 * and every one counted before it are taken back; attempts counted after it keep their count.
 * Taking back, not setting to 0 where the count is unchanged: two people signing in to one account
 * at once each find the other's attempt counted, and with "unchanged only" neither would reset, so
 * overlapping successes climbed to a lock (seen in the launch benchmark: 20 sessions of one clerk
 * account, 429 该账号登录失败次数过多 without a single failure).
 */
export async function resetAfterSuccess(db: Executor, r: ThrottleResult, p: ThrottlePolicy) {
  await db.execute(sql`update throttle_counters set count = greatest(count - ${r.count}::int, 0),
    locked_until = case when count - ${r.count}::int < ${p.free}::int then null else locked_until end
    where key = ${r.key}`);
}

/** Takes back this attempt's count (a success counted against a shared key such as a client address). */
export async function refund(db: Executor, key: string, p: ThrottlePolicy) {
  await db.execute(sql`update throttle_counters set count = greatest(count - 1, 0),
    locked_until = case when count - 1 < ${p.free} then null else locked_until end where key = ${key}`);
}

/** Lifts a lock and starts the count again (the seller lifting a 合同查询 lockout). */
export async function liftLock(db: Executor, key: string) {
  await db.execute(sql`update throttle_counters set count = 0, locked_until = null where key = ${key}`);
}

/** The counter of a key as it stands (for a page that shows a lock). */
export async function peek(db: Executor, key: string, now: Date) {
  const res: any = await db.execute(sql`select count, locked_until from throttle_counters where key = ${key}`);
  const row = (res.rows ?? res)[0];
  if (!row) return { count: 0, lockedUntil: null as Date | null, locked: false };
  const lockedUntil = row.locked_until ? new Date(row.locked_until) : null;
  return { count: Number(row.count), lockedUntil, locked: !!lockedUntil && lockedUntil > now };
}
