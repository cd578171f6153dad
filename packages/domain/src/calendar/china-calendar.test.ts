import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CalendarYearUnknownError,
  addCalendarDays,
  isWorkingDay,
  makeWorkCalendar,
  notaryDeadline,
  workingDaysBetween,
} from '../deadlines';
import { SHIPPED_CALENDAR_YEARS, chinaWorkCalendar } from './china-calendar';
import { holidayDates, type CalendarYear } from './calendar-year';
import { lunarNewYear, qingming, statutoryHolidays, statutoryYear } from './statutory-year';

// Published dates (not computed with the library under test): 春节 (正月初一), 清明, 端午, 中秋.
const KNOWN: Record<number, [string, string, string, string]> = {
  2020: ['2020-01-25', '2020-04-04', '2020-06-25', '2020-10-01'],
  2021: ['2021-02-12', '2021-04-04', '2021-06-14', '2021-09-21'],
  2022: ['2022-02-01', '2022-04-05', '2022-06-03', '2022-09-10'],
  2023: ['2023-01-22', '2023-04-05', '2023-06-22', '2023-09-29'],
  2024: ['2024-02-10', '2024-04-04', '2024-06-10', '2024-09-17'],
  2025: ['2025-01-29', '2025-04-04', '2025-05-31', '2025-10-06'],
  2026: ['2026-02-17', '2026-04-05', '2026-06-19', '2026-09-25'],
  2027: ['2027-02-06', '2027-04-05', '2027-06-09', '2027-09-15'],
  2028: ['2028-01-26', '2028-04-04', '2028-05-28', '2028-10-03'],
  2029: ['2029-02-13', '2029-04-04', '2029-06-16', '2029-09-22'],
  2030: ['2030-02-03', '2030-04-05', '2030-06-05', '2030-09-12'],
};

const cal = chinaWorkCalendar(SHIPPED_CALENDAR_YEARS, { provisionalThrough: 2027 });
const weekday = (d: string) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());

describe('statutory holidays (全国年节及纪念日放假办法, 2024 revision)', () => {
  it('computes the lunar festivals and 清明 of 2020–2030 on their known dates', () => {
    for (const [y, [newYear, qm, duanwu, zhongqiu]] of Object.entries(KNOWN)) {
      const year = Number(y);
      expect(lunarNewYear(year)).toBe(newYear);
      expect(qingming(year)).toBe(qm);
      if (year < 2025) continue; // the 2024 rules (除夕, 5/2) apply from 2025
      const days = Object.fromEntries(statutoryHolidays(year).map((f) => [f.name, f.days]));
      expect(days.春节).toEqual([
        addCalendarDays(newYear, -1),
        newYear,
        addCalendarDays(newYear, 1),
        addCalendarDays(newYear, 2),
      ]);
      expect(days.清明节).toEqual([qm]);
      expect(days.端午节).toEqual([duanwu]);
      expect(days.中秋节).toEqual([zhongqiu]);
      expect(days.劳动节).toEqual([`${year}-05-01`, `${year}-05-02`]);
      expect(days.国庆节).toEqual([`${year}-10-01`, `${year}-10-02`, `${year}-10-03`]);
    }
  });

  it('2027 春节 falls on 除夕 5 Feb through 初三 8 Feb; its weekend days are made up on 9 and 10 Feb', () => {
    const y = statutoryYear(2027);
    expect(y.provisional).toBe(true);
    expect(y.holidays.find((h) => h.name === '春节')).toEqual({ name: '春节', from: '2027-02-05', to: '2027-02-10' });
    expect(y.holidays.find((h) => h.name === '元旦')).toEqual({ name: '元旦', from: '2027-01-01', to: '2027-01-01' });
    expect(isWorkingDay('2027-02-11', cal)).toBe(true);
    expect(isWorkingDay('2027-01-01', cal)).toBe(false);
  });

  it('every provisional year gives exactly 13 weekdays off (13 statutory days, 补假 for weekends)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2025, max: 2099 }), (year) => {
        const off = new Set(holidayDates(statutoryYear(year)).filter(weekday));
        expect(off.size).toBe(13);
        expect([...off].every((d) => d.startsWith(`${year}-`))).toBe(true);
      }),
    );
  });

  it('estimates 2026 with the same 248 working days the published arrangement has', () => {
    const estimated = chinaWorkCalendar([], { provisionalThrough: 2026 });
    const c = chinaWorkCalendar(SHIPPED_CALENDAR_YEARS);
    expect(estimated.provisionalYears.has(2026)).toBe(true);
    expect(workingDaysBetween('2025-12-31', '2026-12-31', estimated)).toBe(248);
    expect(workingDaysBetween('2025-12-31', '2026-12-31', c)).toBe(248);
  });

  it('refuses years before the 2024 rules took effect, and estimates none before the first published year', () => {
    expect(() => statutoryYear(2024)).toThrow(RangeError);
    expect(() => isWorkingDay('2025-12-31', cal)).toThrow(CalendarYearUnknownError);
    expect([...chinaWorkCalendar([], { provisionalThrough: 2026 }).years]).toEqual([2025, 2026]);
  });
});

describe('working days across the 2026/2027 boundary', () => {
  it('a case received on 11 Dec 2026 is due on Mon 4 Jan 2027, not on New Year’s Day', () => {
    expect(notaryDeadline('2026-12-11', cal).date).toBe('2027-01-04');
    expect(notaryDeadline('2026-12-11', makeWorkCalendar({ years: [2026, 2027] })).date).toBe('2027-01-01'); // the old weekends-only count
    expect(notaryDeadline('2026-12-31', cal).date).toBe('2027-01-22');
  });

  it('a case received before 春节 2027 skips 除夕 to the make-up days', () => {
    // Mon 25 Jan: 26–29 Jan (4), 1–4 Feb (8), 5–10 Feb off, 11–12 Feb (10), 15–19 Feb (15)
    expect(notaryDeadline('2027-01-25', cal).date).toBe('2027-02-19');
  });

  it('every deadline from 11 to 31 Dec 2026 is a working day of 2027, 15 working days on', () => {
    for (let d = '2026-12-11'; d <= '2026-12-31'; d = addCalendarDays(d, 1)) {
      const due = notaryDeadline(d, cal).date;
      expect(due.startsWith('2027-')).toBe(true);
      expect(due).not.toBe('2027-01-01');
      expect(isWorkingDay(due, cal)).toBe(true);
      expect(workingDaysBetween(d, due, cal)).toBe(15);
    }
  });

  it('an official 2027 file replaces the estimate', () => {
    const official: CalendarYear = {
      year: 2027,
      provisional: false,
      source: { title: '国务院办公厅关于2027年部分节假日安排的通知（测试）', issuedAt: '2026-11-01' },
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
      workdays: [{ date: '2027-01-09', name: '元旦' }],
    };
    const c = chinaWorkCalendar([...SHIPPED_CALENDAR_YEARS, official], { provisionalThrough: 2027 });
    expect([...c.provisionalYears]).toEqual([]);
    expect([...c.years]).toEqual([2026, 2027]); // nothing estimated before the first published year
    expect(c.arrangements.get(2027)?.source.title).toContain('2027');
    expect(isWorkingDay('2027-01-09', c)).toBe(true); // a Saturday worked
    expect(isWorkingDay('2027-02-08', c)).toBe(true); // no estimated 春节 left over (only the test file's days)
    expect(() => isWorkingDay('2028-01-03', c)).toThrow(CalendarYearUnknownError);
  });
});
