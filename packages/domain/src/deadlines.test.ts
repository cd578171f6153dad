import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CalendarYearUnknownError,
  addCalendarDays,
  addWorkingDays,
  filingDeadline,
  isNearDeadline,
  isOverdue,
  isWorkingDay,
  makeWorkCalendar,
  notaryDeadline,
  provisionalYearsBetween,
  shanghaiDate,
  workingDaysBetween,
} from './deadlines';
import { SHIPPED_CALENDAR_YEARS, chinaWorkCalendar } from './calendar/china-calendar';

// 2026 as published; 2027 estimated from the statutory holidays (its notice is not out yet)
const cal = chinaWorkCalendar(SHIPPED_CALENDAR_YEARS, { provisionalThrough: 2027 });
/** Weekends only, for comparison: a calendar that says it knows 2026 and has no holidays. */
const WEEKENDS_ONLY = makeWorkCalendar({ years: [2026] });
const dayArb = fc.integer({ min: 0, max: 364 }).map((i) => addCalendarDays('2026-01-01', i));

describe('working days (2026 China calendar)', () => {
  it('skips weekends and holidays, counts make-up working days', () => {
    expect(isWorkingDay('2026-01-01', cal)).toBe(false); // 元旦
    expect(isWorkingDay('2026-01-04', cal)).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay('2026-02-14', cal)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2026-02-16', cal)).toBe(false); // Monday in 春节
    expect(isWorkingDay('2026-03-07', cal)).toBe(false); // plain Saturday
    expect(isWorkingDay('2026-03-09', cal)).toBe(true);
    expect(isWorkingDay('2026-01-04', WEEKENDS_ONLY)).toBe(false);
  });

  it('notary deadline is the 15th working day after acceptance', () => {
    // Accepted Fri 2026-02-06: working days 9–13 Feb (5), 14 Feb Sat 调休 (6), holiday 15–23,
    // 24–27 Feb (10), 28 Feb Sat 调休 (11), 2–5 Mar (15).
    expect(notaryDeadline('2026-02-06', cal).date).toBe('2026-03-05');
    expect(notaryDeadline('2026-02-06', WEEKENDS_ONLY).date).toBe('2026-02-27');
    // Time waiting for 补正 is not counted.
    expect(notaryDeadline('2026-02-06', cal, 2).date).toBe('2026-03-09');
    // Acceptance at 23:30 Shanghai on 9 Mar is still 9 Mar (15:30 UTC).
    const d = notaryDeadline(new Date('2026-03-09T15:30:00Z'), cal);
    expect(d.date).toBe('2026-03-30');
    expect(d.endsAt.toISOString()).toBe('2026-03-30T16:00:00.000Z');
  });

  it('addWorkingDays lands on a working day exactly n working days later', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 1, max: 40 }), (d, n) => {
        const end = addWorkingDays(d, n, cal);
        expect(isWorkingDay(end, cal)).toBe(true);
        expect(workingDaysBetween(d, end, cal)).toBe(n);
        expect(workingDaysBetween(d, addCalendarDays(end, -1), cal)).toBe(n - 1);
      }),
    );
  });

  it('workingDaysBetween is additive and antisymmetric', () => {
    fc.assert(
      fc.property(dayArb, dayArb, dayArb, (a, b, c) => {
        expect(workingDaysBetween(a, b, cal) + workingDaysBetween(b, c, cal)).toBe(workingDaysBetween(a, c, cal));
        expect(workingDaysBetween(a, b, cal)).toBe(0 - workingDaysBetween(b, a, cal));
      }),
    );
  });

  it('2026 has 248 working days with the official arrangement', () => {
    // 261 weekdays − 19 holiday weekdays (2 + 6 + 1 + 3 + 1 + 1 + 5) + 6 make-up days.
    expect(workingDaysBetween('2025-12-31', '2026-12-31', cal)).toBe(248);
  });

  it('refuses a day of a year it does not know instead of counting weekends only', () => {
    const only2026 = chinaWorkCalendar(SHIPPED_CALENDAR_YEARS);
    expect(() => isWorkingDay('2027-01-04', only2026)).toThrow(CalendarYearUnknownError);
    expect(() => notaryDeadline('2026-12-20', only2026)).toThrow(/尚无 2027 年的节假日安排/);
    expect(() => addWorkingDays('2027-12-20', 15, cal)).toThrow(CalendarYearUnknownError); // 2028: beyond next year
    expect(() => workingDaysBetween('2025-12-31', '2026-01-05', chinaWorkCalendar([]))).toThrow(
      CalendarYearUnknownError,
    );
    try {
      isWorkingDay('2028-01-03', cal);
    } catch (e) {
      expect(e).toMatchObject({ code: 'CALENDAR_YEAR_UNKNOWN', status: 503, year: 2028 });
    }
    expect.assertions(5);
  });

  it('names the provisional years a count depends on', () => {
    expect(provisionalYearsBetween('2026-03-01', '2026-03-20', cal)).toEqual([]);
    expect(provisionalYearsBetween('2026-12-20', '2027-01-12', cal)).toEqual([2027]);
    expect(provisionalYearsBetween('2026-12-31', '2026-12-31', cal)).toEqual([]);
    expect(provisionalYearsBetween('2026-12-31', '2027-01-01', cal)).toEqual([2027]);
  });
});

describe('filing and nearness', () => {
  it('filing within 30 calendar days of signing, rolled past rest days with a calendar', () => {
    expect(filingDeadline('2026-03-01').date).toBe('2026-03-31');
    expect(filingDeadline(new Date('2026-08-31T20:00:00Z')).date).toBe('2026-10-01'); // signed 1 Sep Shanghai
    expect(filingDeadline(new Date('2026-08-31T20:00:00Z'), cal).date).toBe('2026-10-08');
  });

  it('isNearDeadline flags the last days and not after the end', () => {
    const dl = notaryDeadline('2026-02-06', cal); // ends 2026-03-05 24:00 Shanghai
    const at = (s: string) => new Date(s);
    expect(isNearDeadline(at('2026-02-27T02:00:00Z'), dl, 3, cal)).toBe(false); // 28 Feb, 2,3,4,5 Mar: 5 left
    expect(isNearDeadline(at('2026-03-02T02:00:00Z'), dl, 3, cal)).toBe(true); // 3,4,5 Mar left
    expect(isNearDeadline(at('2026-03-05T15:59:00Z'), dl, 3, cal)).toBe(true);
    expect(isNearDeadline(at('2026-03-05T16:00:00Z'), dl, 3, cal)).toBe(false);
    expect(isOverdue(at('2026-03-05T16:00:00Z'), dl)).toBe(true);
    // Without a calendar, calendar days: from 1 Mar four days remain, from 2 Mar three.
    expect(isNearDeadline(at('2026-03-01T02:00:00Z'), dl.endsAt)).toBe(false);
    expect(isNearDeadline(at('2026-03-02T02:00:00Z'), dl.endsAt)).toBe(true);
  });

  it('shanghaiDate uses UTC+8', () => {
    expect(shanghaiDate(new Date('2026-01-01T15:59:59Z'))).toBe('2026-01-01');
    expect(shanghaiDate(new Date('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
  });
});
