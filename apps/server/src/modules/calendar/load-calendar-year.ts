import { sql } from 'drizzle-orm';
import { DomainError, type RuleViolation } from '@netsign/domain';
import { ZLoadCalendarYearRequest, type TCalendarYear } from '@netsign/api';
import { actorId, type AppContext } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { appendAudit } from '../audit/append-audit';
import { recomputeDeadlines } from '../notary/recompute-deadlines';
import { calendarYears } from './tables';
import { WorkCalendars } from './work-calendar';

// the same codes the HTTP layer gives zod's issues (http/errors.ts)
const CODES: Record<string, string> = {
  invalid_type: 'INVALID_TYPE',
  too_small: 'TOO_SMALL',
  too_big: 'TOO_BIG',
  invalid_format: 'INVALID_FORMAT',
  invalid_value: 'INVALID_VALUE',
  unrecognized_keys: 'UNKNOWN_FIELD',
  custom: 'INVALID',
};

/** A zod failure as the API reports it: each broken field by its dotted path. */
function violations(
  issues: { path: PropertyKey[]; code: string; message: string; input?: unknown }[],
): RuleViolation[] {
  return issues.map((i) => {
    const field = i.path.map(String).join('.');
    const missing = i.code === 'invalid_type' && i.input === undefined;
    return {
      field,
      code: missing ? 'REQUIRED' : (CODES[i.code] ?? 'INVALID'),
      message: `${field ? `${field}：` : ''}${missing ? '必填' : i.message}`,
    };
  });
}

/**
 * An administrator loads a year's 节假日安排 (the State Council notice, as a calendar file): stored
 * for every instance, replacing the shipped file or the estimate of that year; open cases whose
 * deadline depends on it are counted again in the same transaction.
 */
export async function loadCalendarYear(ctx: AppContext, actor: StaffActor, year: number, body: unknown) {
  const parsed = ZLoadCalendarYearRequest.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const v = violations(parsed.error.issues);
    throw new DomainError('VALIDATION_FAILED', `节假日安排文件有误：${v.map((x) => x.message).join('；')}`, 400, v);
  }
  const file: TCalendarYear = parsed.data;
  if (file.year !== year)
    throw new DomainError('VALIDATION_FAILED', `文件是 ${file.year} 年的安排，与地址中的 ${year} 年不符`, 400, [
      { field: 'year', code: 'YEAR_MISMATCH', message: `year：应为 ${year}` },
    ]);
  const now = ctx.clock.now();
  const by = actorId(actor);
  return ctx.db.transaction(async (tx) => {
    await WorkCalendars.lockForLoad(tx);
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${calendarYears.version}), 0) + 1`.mapWith(Number) })
      .from(calendarYears);
    const row = { year, data: file, sourceTitle: file.source.title, version: next, loadedBy: by, loadedAt: now };
    await tx
      .insert(calendarYears)
      .values(row)
      .onConflictDoUpdate({
        target: calendarYears.year,
        set: {
          data: row.data,
          sourceTitle: row.sourceTitle,
          version: row.version,
          loadedBy: row.loadedBy,
          loadedAt: row.loadedAt,
        },
      });
    const calendar = await ctx.calendar.uncached(tx);
    const changed = await recomputeDeadlines(tx, calendar, year, by, now);
    await appendAudit(
      tx,
      {
        actor: by,
        orgId: actor.orgId,
        action: 'calendar.loaded',
        entity: 'calendar',
        entityId: String(year),
        data: {
          year,
          source: file.source,
          holidays: file.holidays.length,
          workdays: file.workdays.length,
          casesRecomputed: changed.length,
        },
      },
      now,
    );
    ctx.log.info({ year, source: file.source.title, casesRecomputed: changed.length }, 'calendar: year loaded');
    return { year, version: next, source: file.source, casesRecomputed: changed.length };
  });
}
