// Legal deadlines, counted in Asia/Shanghai calendar days (UTC+8, no daylight saving).
// 民法典 art. 201: a period counted in days starts the day after the event.

import { DomainError } from './rule';

export interface WorkCalendar {
  /** public holidays (YYYY-MM-DD), weekend days inside a holiday may be listed too */
  holidays: ReadonlySet<string>;
  /** make-up working days (调休上班) that fall on a Saturday or Sunday */
  workdays: ReadonlySet<string>;
  /** the years whose days it knows; a day of any other year is refused (CalendarYearUnknownError) */
  years: ReadonlySet<number>;
  /** of `years`, those estimated from the statutory holidays because no State Council notice is loaded */
  provisionalYears: ReadonlySet<number>;
}

export function makeWorkCalendar(c: {
  holidays?: Iterable<string>;
  workdays?: Iterable<string>;
  years: Iterable<number>;
  provisionalYears?: Iterable<number>;
}): WorkCalendar {
  return {
    holidays: new Set(c.holidays ?? []),
    workdays: new Set(c.workdays ?? []),
    years: new Set(c.years),
    provisionalYears: new Set(c.provisionalYears ?? []),
  };
}

/**
 * A working day was asked of a year the calendar neither has the State Council's arrangement for
 * nor may estimate: counting weekends only would silently move a legal deadline.
 */
export class CalendarYearUnknownError extends DomainError {
  constructor(
    readonly year: number,
    known: Iterable<number>,
  ) {
    const list = [...known].sort().join('、') || '无';
    super(
      'CALENDAR_YEAR_UNKNOWN',
      `尚无 ${year} 年的节假日安排，无法计算工作日期限（已知年份：${list}）；请管理员在「管理 → 节假日安排」导入该年的安排`,
      503,
    );
    this.name = 'CalendarYearUnknownError';
  }
}

const DAY = 86400_000;
const SHANGHAI_OFFSET = 8 * 3600_000;

/** The calendar date in Asia/Shanghai of an instant, or a YYYY-MM-DD string as is. */
export function shanghaiDate(at: Date | string): string {
  if (typeof at === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(at)) throw new RangeError(`expected YYYY-MM-DD: ${at}`);
    return at;
  }
  return new Date(at.getTime() + SHANGHAI_OFFSET).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar day ends (24:00 there). */
export function endOfShanghaiDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY - SHANGHAI_OFFSET);
}

export function addCalendarDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

export const yearOf = (date: string) => Number(date.slice(0, 4));

export function isWorkingDay(date: string, calendar: WorkCalendar): boolean {
  if (!calendar.years.has(yearOf(date))) throw new CalendarYearUnknownError(yearOf(date), calendar.years);
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The n-th working day after `date` (the start day itself is not counted); n ≥ 0. */
export function addWorkingDays(date: Date | string, n: number, calendar: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  let d = shanghaiDate(date);
  for (let left = n; left > 0; ) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, calendar)) left--;
  }
  return d;
}

/** Working days in (from, to]: after `from`, up to and including `to`; negative when to < from. */
export function workingDaysBetween(from: Date | string, to: Date | string, calendar: WorkCalendar): number {
  const a = shanghaiDate(from);
  const b = shanghaiDate(to);
  if (b < a) return 0 - workingDaysBetween(b, a, calendar) || 0; // no -0
  let count = 0;
  for (let d = addCalendarDays(a, 1); d <= b; d = addCalendarDays(d, 1)) if (isWorkingDay(d, calendar)) count++;
  return count;
}

export interface Deadline {
  /** last day, YYYY-MM-DD in Asia/Shanghai */
  date: string;
  /** the instant it ends: 24:00 Asia/Shanghai of `date` */
  endsAt: Date;
}

export const NOTARY_WORKING_DAYS = 15;
export const FILING_CALENDAR_DAYS = 30;

/**
 * 公证法 art. 30: the certificate is issued within 15 working days of acceptance. Time spent
 * waiting for supplementary material (补正) or verification is not counted: pass it as
 * `pausedWorkingDays`.
 */
export function notaryDeadline(acceptedAt: Date | string, calendar: WorkCalendar, pausedWorkingDays = 0): Deadline {
  const date = addWorkingDays(acceptedAt, NOTARY_WORKING_DAYS + pausedWorkingDays, calendar);
  return { date, endsAt: endOfShanghaiDay(date) };
}

/**
 * GF-2014-0171 art. 19: the seller applies for filing within 30 days of signing. With a
 * calendar, a last day on a rest day moves to the next working day (民法典 art. 203).
 */
export function filingDeadline(signedAt: Date | string, calendar?: WorkCalendar): Deadline {
  let date = addCalendarDays(shanghaiDate(signedAt), FILING_CALENDAR_DAYS);
  if (calendar) while (!isWorkingDay(date, calendar)) date = addCalendarDays(date, 1);
  return { date, endsAt: endOfShanghaiDay(date) };
}

/**
 * The provisional years a count over (from, to] relies on: the days counted and the deadline's own
 * year. Empty when every day counted comes from a published arrangement.
 */
export function provisionalYearsBetween(from: Date | string, to: Date | string, calendar: WorkCalendar): number[] {
  const [lo, hi] = [shanghaiDate(from), shanghaiDate(to)].sort();
  const out: number[] = [];
  if (lo === hi) return out;
  for (let y = yearOf(addCalendarDays(lo, 1)); y <= yearOf(hi); y++) if (calendar.provisionalYears.has(y)) out.push(y);
  return out;
}

export function isOverdue(now: Date, deadline: Date | Deadline): boolean {
  const end = deadline instanceof Date ? deadline : deadline.endsAt;
  return now.getTime() >= end.getTime();
}

/**
 * Not yet overdue, and at most `thresholdDays` days remain after today (the deadline's own day
 * counts). Counted in working days when a calendar is given, else in calendar days.
 */
export function isNearDeadline(
  now: Date,
  deadline: Date | Deadline,
  thresholdDays = 3,
  calendar?: WorkCalendar,
): boolean {
  if (isOverdue(now, deadline)) return false;
  const end = deadline instanceof Date ? deadline : deadline.endsAt;
  // The last day is the Shanghai day containing the final instant before `end`.
  const lastDay = shanghaiDate(new Date(end.getTime() - 1));
  const today = shanghaiDate(now);
  const remaining = calendar
    ? workingDaysBetween(today, lastDay, calendar)
    : (Date.parse(`${lastDay}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY;
  return remaining <= thresholdDays;
}
