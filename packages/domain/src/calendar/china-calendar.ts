import { makeWorkCalendar, type WorkCalendar } from '../deadlines';
import { holidayDates, type CalendarYear } from './calendar-year';
import { STATUTORY_RULES_FROM, statutoryYear } from './statutory-year';
import y2026 from '../../calendars/2026.json' with { type: 'json' };

/** The State Council's arrangements shipped with the release (packages/domain/calendars/<year>.json). */
export const SHIPPED_CALENDAR_YEARS: readonly CalendarYear[] = [y2026 as CalendarYear];

export interface ChinaCalendarOptions {
  /**
   * Years up to this one that have no published arrangement are estimated from the statutory
   * holidays (from the first published year on, and not before 2025, when the 2024 rules took
   * effect). The server passes next year: a case received today never counts further, and beyond
   * it the calendar refuses rather than guesses.
   */
  provisionalThrough?: number;
}

/**
 * The working-day calendar of mainland China from published arrangements; a later record of the
 * same year replaces an earlier one (an administrator's upload replaces the shipped file).
 */
export function chinaWorkCalendar(
  records: Iterable<CalendarYear>,
  opts: ChinaCalendarOptions = {},
): WorkCalendar & { arrangements: ReadonlyMap<number, CalendarYear> } {
  const byYear = new Map<number, CalendarYear>();
  for (const r of records) if (!r.provisional) byYear.set(r.year, r);
  // only forward: a year before the first published one stays unknown (nothing counts back into it)
  const first = Math.max(STATUTORY_RULES_FROM, byYear.size ? Math.min(...byYear.keys()) : 0);
  for (let y = first; y <= (opts.provisionalThrough ?? 0); y++) if (!byYear.has(y)) byYear.set(y, statutoryYear(y));
  const all = [...byYear.values()].sort((a, b) => a.year - b.year);
  const cal = makeWorkCalendar({
    years: all.map((r) => r.year),
    provisionalYears: all.filter((r) => r.provisional).map((r) => r.year),
    holidays: all.flatMap(holidayDates),
    workdays: all.flatMap((r) => r.workdays.map((w) => w.date)),
  });
  return { ...cal, arrangements: new Map(all.map((r) => [r.year, r])) };
}
