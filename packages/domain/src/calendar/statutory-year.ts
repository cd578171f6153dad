import { I18n, Lunar } from 'lunar-javascript';
import { addCalendarDays } from '../deadlines';
import type { CalendarYear } from './calendar-year';

/** The 2024 revision of 全国年节及纪念日放假办法 (国务院令第795号) applies from 2025-01-01. */
export const STATUTORY_RULES_FROM = 2025;
export const STATUTORY_RULES_TITLE =
  '全国年节及纪念日放假办法（2024年11月10日国务院令第795号修订，2025年1月1日起施行）';

const ymd = (s: { toYmd(): string }) => s.toYmd();
const lunarDate = (year: number, month: number, day: number) => ymd(Lunar.fromYmd(year, month, day).getSolar());
const isWeekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());

/** 农历正月初一 (Chinese New Year) of a Gregorian year: it always falls in January or February. */
export const lunarNewYear = (year: number) => lunarDate(year, 1, 1);

/** The day of the 清明 solar term in Beijing time. */
export function qingming(year: number): string {
  return ymd(Lunar.fromYmd(year, 3, 1).getJieQiTable()[I18n.getMessage('jq.qingMing')] as any);
}

/** The statutory days of art. 2 (全体公民放假的节日), festival by festival, in date order. */
export function statutoryHolidays(year: number): { name: string; days: string[] }[] {
  const newYear = lunarNewYear(year);
  return [
    { name: '元旦', days: [`${year}-01-01`] },
    {
      name: '春节',
      days: [addCalendarDays(newYear, -1), newYear, addCalendarDays(newYear, 1), addCalendarDays(newYear, 2)],
    }, // 除夕 (腊月廿九 or 三十), 正月初一–初三
    { name: '清明节', days: [qingming(year)] },
    { name: '劳动节', days: [`${year}-05-01`, `${year}-05-02`] },
    { name: '端午节', days: [lunarDate(year, 5, 5)] },
    { name: '中秋节', days: [lunarDate(year, 8, 15)] },
    { name: '国庆节', days: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`] },
  ].sort((a, b) => a.days[0].localeCompare(b.days[0]));
}

/**
 * A provisional year: the statutory holidays, and for each one that falls on a Saturday or Sunday
 * (or on a day already off) a day off on the next free weekday after its festival (art. 6: 补假).
 * Without the notice's 调休 (bridging days and make-up Saturdays) the days off are placed
 * differently from what the notice will say, though the year's count of working days is usually
 * the same (2026: 248 both ways). Hence `provisional: true`, and the warnings it causes.
 */
export function statutoryYear(year: number): CalendarYear {
  if (!Number.isInteger(year) || year < STATUTORY_RULES_FROM || year > 2099)
    throw new RangeError(`no statutory rules for ${year}`);
  const off = new Set<string>();
  const holidays: CalendarYear['holidays'] = [];
  for (const f of statutoryHolidays(year)) {
    let owed = 0;
    for (const d of f.days) {
      if (isWeekend(d) || off.has(d)) owed++;
      else off.add(d);
    }
    holidays.push(...f.days.map((d) => ({ name: f.name, from: d, to: d })));
    for (let d = f.days[f.days.length - 1]; owed > 0; ) {
      d = addCalendarDays(d, 1);
      if (isWeekend(d) || off.has(d)) continue;
      off.add(d);
      holidays.push({ name: `${f.name}（补假）`, from: d, to: d });
      owed--;
    }
  }
  return {
    year,
    provisional: true,
    source: { title: STATUTORY_RULES_TITLE, issuedAt: '2024-11-10', publisher: '国务院' },
    holidays: mergeRuns(holidays),
    workdays: [],
  };
}

/** Consecutive days of one festival as one range, as a notice would write them. */
function mergeRuns(days: CalendarYear['holidays']): CalendarYear['holidays'] {
  const sorted = [...days].sort((a, b) => a.from.localeCompare(b.from));
  const out: CalendarYear['holidays'] = [];
  for (const d of sorted) {
    const last = out[out.length - 1];
    const base = (n: string) => n.replace('（补假）', '');
    if (last && base(last.name) === base(d.name) && addCalendarDays(last.to, 1) === d.from)
      out[out.length - 1] = { name: base(d.name), from: last.from, to: d.to };
    else out.push(d);
  }
  return out;
}
