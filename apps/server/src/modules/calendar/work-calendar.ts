import { sql } from 'drizzle-orm';
import { ZCalendarYear } from '@netsign/api';
import { SHIPPED_CALENDAR_YEARS, chinaWorkCalendar, shanghaiDate, yearOf, type CalendarYear } from '@netsign/domain';
import type { Logger } from 'pino';
import type { Executor } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { calendarYears } from './tables';

export type ChinaCalendar = ReturnType<typeof chinaWorkCalendar>;

/** Two-key advisory lock (its own key space): a load holds it exclusively, a deadline being stored shares it. */
const LOCK = sql`20261211, 1`;

/**
 * The working-day calendar every instance uses: the shipped arrangements, then the years an
 * administrator loaded (stored in `calendar_years`, so every instance sees them), next year
 * estimated from the statutory holidays when its notice is not loaded yet. Each use checks the
 * largest `version` (one read of a table of a few rows) and rebuilds when another instance loaded a year, or when the
 * year turned.
 */
export class WorkCalendars {
  private cache: { version: number; through: number; calendar: ChinaCalendar } | null = null;
  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async current(db: Executor): Promise<ChinaCalendar> {
    const version = await loadedVersion(db);
    const through = yearOf(shanghaiDate(this.clock.now())) + 1;
    if (this.cache?.version === version && this.cache.through === through) return this.cache.calendar;
    const calendar = await this.build(db, through);
    this.cache = { version, through, calendar };
    return calendar;
  }

  /** Built afresh and not cached: for the loading transaction, which may still roll back. */
  async uncached(db: Executor): Promise<ChinaCalendar> {
    return this.build(db, yearOf(shanghaiDate(this.clock.now())) + 1);
  }

  private async build(db: Executor, through: number): Promise<ChinaCalendar> {
    const rows = await db.select().from(calendarYears);
    const loaded: CalendarYear[] = [];
    for (const r of rows) {
      const parsed = ZCalendarYear.safeParse(r.data);
      // a stored year the schema no longer accepts is left out (that year is then estimated, and says so), never half-used
      if (parsed.success) loaded.push(parsed.data);
      else
        this.log.error(
          { year: r.year, issues: parsed.error.issues.map((i) => i.path.join('.')) },
          'calendar: a loaded year fails validation and is not used',
        );
    }
    return chinaWorkCalendar([...SHIPPED_CALENDAR_YEARS, ...loaded], { provisionalThrough: through });
  }

  /** In a transaction that stores a deadline: a load in progress finishes first, so none is computed from the old calendar after it. */
  async forDeadline(tx: Executor): Promise<ChinaCalendar> {
    await tx.execute(sql`select pg_advisory_xact_lock_shared(${LOCK})`);
    return this.current(tx);
  }

  /** In the transaction that loads a year: waits for deadlines being stored, holds off new ones until commit. */
  static async lockForLoad(tx: Executor) {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK})`);
  }
}

/** The largest version loaded; 0 when no administrator has loaded a year. */
export async function loadedVersion(db: Executor): Promise<number> {
  const [{ version }] = await db
    .select({ version: sql<number>`coalesce(max(${calendarYears.version}), 0)`.mapWith(Number) })
    .from(calendarYears);
  return version;
}

/** The current and next year when they are estimated: logged as a warning on start. */
export function provisionalNow(calendar: ChinaCalendar, now: Date): number[] {
  const y = yearOf(shanghaiDate(now));
  return [y, y + 1].filter((x) => calendar.provisionalYears.has(x));
}
