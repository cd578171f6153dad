import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatBusinessNo, mod112, parseBusinessNo } from './business-no';
import { mod112CheckChar } from './identity/gb11643';

const ALPHABET = '0123456789X';
const day = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
const serial = fc.integer({ min: 0, max: 999_999 });

describe('业务号 check character (ISO 7064 MOD 11-2)', () => {
  it('is the check of 公民身份号码 on 17 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (body) => {
        expect(mod112(body)).toBe(mod112CheckChar(body));
      }),
    );
  });

  it('accepts every number it gives', () => {
    fc.assert(
      fc.property(day, serial, (d, n) => {
        expect(parseBusinessNo(formatBusinessNo(d, n))).toEqual({ ok: true, value: formatBusinessNo(d, n) });
      }),
    );
  });

  it('catches every single-character typo, at every position after WQ', () => {
    fc.assert(
      fc.property(day, serial, fc.nat(14), fc.nat(10), (d, n, pos, k) => {
        const good = formatBusinessNo(d, n);
        const i = 2 + pos;
        const alphabet = i === 16 ? ALPHABET : ALPHABET.slice(0, 10);
        const other = alphabet.replace(good[i], '')[k % (alphabet.length - 1)];
        const typo = good.slice(0, i) + other + good.slice(i + 1);
        const r = parseBusinessNo(typo);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.violations[0].field).toBe('businessNo');
      }),
    );
  });

  it('catches every swap of two different neighbouring digits', () => {
    fc.assert(
      fc.property(day, serial, fc.nat(13), (d, n, pos) => {
        const good = formatBusinessNo(d, n);
        const i = 2 + pos;
        fc.pre(good[i] !== good[i + 1] && good[i + 1] !== 'X');
        const swapped = good.slice(0, i) + good[i + 1] + good[i] + good.slice(i + 2);
        expect(parseBusinessNo(swapped).ok).toBe(false);
      }),
    );
  });

  it('reads lower case and spaces around, and names the field and rule when wrong', () => {
    const n = formatBusinessNo('20261124', 42);
    expect(parseBusinessNo(` ${n.toLowerCase()} `)).toEqual({ ok: true, value: n });
    expect(parseBusinessNo('WQ2026', 'q')).toMatchObject({
      ok: false,
      violations: [{ field: 'q', code: 'BUSINESS_NO_FORMAT' }],
    });
    expect(parseBusinessNo('WQ2026112400001')).toEqual({ ok: true, value: 'WQ2026112400001' });
  });
});
