import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ZCalendarYear, ZLoadCalendarYearRequest } from './calendar';

const dir = new URL('../../domain/calendars/', import.meta.url);
const y2026 = () => JSON.parse(readFileSync(new URL('2026.json', dir), 'utf8'));
const fields = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('calendar year files', () => {
  it('every shipped file is valid and named for its year', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files).toContain('2026.json');
    for (const f of files) {
      const c = ZCalendarYear.parse(JSON.parse(readFileSync(new URL(f, dir), 'utf8')));
      expect(`${c.year}.json`).toBe(f);
      expect(c.provisional).toBe(false);
    }
  });

  it('names the field of each broken rule', () => {
    const bad = y2026();
    bad.workdays[0].date = '2026-01-05'; // a Monday
    bad.holidays[1].to = '2026-02-10'; // before its start
    bad.holidays[2].from = '2027-04-04'; // another year, and after its end
    bad.source.issuedAt = '2025-02-30';
    expect(fields(ZCalendarYear.safeParse(bad)).sort()).toEqual([
      'holidays.1.to',
      'holidays.2.from',
      'holidays.2.to',
      'source.issuedAt',
      'workdays.0.date',
    ]);
    const both = y2026();
    both.workdays.push({ date: '2026-02-21', name: '春节' }); // a Saturday inside 春节
    expect(fields(ZCalendarYear.safeParse(both))).toEqual(['workdays.6.date']);
    expect(fields(ZCalendarYear.safeParse({ ...y2026(), extra: 1 }))).toEqual(['']);
    expect(fields(ZLoadCalendarYearRequest.safeParse({ ...y2026(), provisional: true }))).toEqual(['provisional']);
  });
});
