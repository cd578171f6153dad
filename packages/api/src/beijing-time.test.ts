import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beijingDate, formatBeijingTime } from './beijing-time';

describe('times as a person reads them: Beijing time, zone named', () => {
  it('a UTC instant late in the day is the next day in Beijing, and says so', () => {
    expect(formatBeijingTime('2026-12-10T16:30:00Z')).toBe('2026-12-11 00:30 北京时间');
    expect(formatBeijingTime('2026-12-10T16:30:05.123Z', { seconds: true, lang: 'en' })).toBe(
      '2026-12-11 00:30:05 Beijing time',
    );
    expect(formatBeijingTime(Date.UTC(2026, 0, 1), { lang: 'zh-HK' })).toBe('2026-01-01 08:00 北京時間');
    expect(beijingDate('2026-12-10T16:00:00Z')).toBe('2026-12-11');
    expect(beijingDate('2026-12-10T15:59:59Z')).toBe('2026-12-10');
  });

  it('reads back to the same instant (to the second) for any time in a century', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
        const text = formatBeijingTime(t, { seconds: true });
        const [d, hms] = text.split(' ');
        expect(Date.parse(`${d}T${hms}+08:00`)).toBe(Math.floor(t / 1000) * 1000);
      }),
    );
  });
});
