// Legal deadlines, counted in Asia/Shanghai calendar days (UTC+8, no daylight saving).
// 民法典 art. 201: a period counted in days starts the day after the event.

export interface WorkCalendar {
  /** public holidays (YYYY-MM-DD), weekend days inside a holiday may be listed too */
  holidays: ReadonlySet<string>;
  /** make-up working days (调休上班) that fall on a Saturday or Sunday */
  workdays: ReadonlySet<string>;
  /** years whose holidays are known; outside them only weekends are skipped */
  years: ReadonlySet<number>;
}

export function makeWorkCalendar(c: { holidays?: Iterable<string>; workdays?: Iterable<string>; years?: Iterable<number> }): WorkCalendar {
  return { holidays: new Set(c.holidays ?? []), workdays: new Set(c.workdays ?? []), years: new Set(c.years ?? []) };
}

const DAY = 86400_000;
const SHANGHAI_OFFSET = 8 * 3600_000;
const range = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(d);
  return out;
};

/** Joins calendars of several years (or a shipped year and local additions). */
export function mergeCalendars(...cals: WorkCalendar[]): WorkCalendar {
  return makeWorkCalendar({
    holidays: cals.flatMap((c) => [...c.holidays]),
    workdays: cals.flatMap((c) => [...c.workdays]),
    years: cals.flatMap((c) => [...c.years]),
  });
}

// TODO: the State Council publishes each next year's arrangement in autumn (2027's: late 2026).
// Until it is added here, configure it (makeWorkCalendar) or only weekends are skipped that year:
// check `calendar.years` before trusting a deadline that crosses into an unlisted year.
/** 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, 新华社). */
export const CN_CALENDAR_2026: WorkCalendar = makeWorkCalendar({
  years: [2026],
  holidays: [
    ...range('2026-01-01', '2026-01-03'), // 元旦
    ...range('2026-02-15', '2026-02-23'), // 春节
    ...range('2026-04-04', '2026-04-06'), // 清明节
    ...range('2026-05-01', '2026-05-05'), // 劳动节
    ...range('2026-06-19', '2026-06-21'), // 端午节
    ...range('2026-09-25', '2026-09-27'), // 中秋节
    ...range('2026-10-01', '2026-10-07'), // 国庆节
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
});

/** Weekends only: the fallback when no holiday list is configured. */
export const WEEKENDS_ONLY: WorkCalendar = makeWorkCalendar({});

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

export function isWorkingDay(date: string, calendar: WorkCalendar): boolean {
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

export function isOverdue(now: Date, deadline: Date | Deadline): boolean {
  const end = deadline instanceof Date ? deadline : deadline.endsAt;
  return now.getTime() >= end.getTime();
}

/**
 * Not yet overdue, and at most `thresholdDays` days remain after today (the deadline's own day
 * counts). Counted in working days when a calendar is given, else in calendar days.
 */
export function isNearDeadline(now: Date, deadline: Date | Deadline, thresholdDays = 3, calendar?: WorkCalendar): boolean {
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
