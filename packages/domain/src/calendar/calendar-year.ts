import { addCalendarDays } from '../deadlines';

/**
 * One year's arrangement of public holidays and make-up working days (调休上班), as the State
 * Council's General Office publishes it each autumn for the next year — or, marked provisional,
 * as estimated from the statutory holidays (statutory-year.ts). The file format of
 * `packages/domain/calendars/<year>.json` and of an administrator's upload; the API's
 * `ZCalendarYear` validates it.
 */
export interface CalendarYear {
  year: number;
  /** true: estimated from 全国年节及纪念日放假办法, no notice published (or loaded) yet */
  provisional: boolean;
  source: { title: string; issuedAt: string; publisher?: string; url?: string };
  /** days off, by festival, as the notice words them ("2月15日至23日放假调休") */
  holidays: { name: string; from: string; to: string }[];
  /** Saturdays and Sundays worked instead (调休上班) */
  workdays: { date: string; name: string }[];
}

/** Every day off of a year's arrangement, YYYY-MM-DD. */
export function holidayDates(y: CalendarYear): string[] {
  const out: string[] = [];
  for (const h of y.holidays) for (let d = h.from; d <= h.to; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}
