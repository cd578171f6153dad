import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { USCC_ALPHABET, parseUscc, randomUscc, usccCheckChar } from './uscc';

const codeArb = fc
  .tuple(
    fc.constantFrom('11', '12', '51', '52', '91', '92', '93'),
    fc.stringMatching(/^\d{6}$/),
    fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 9, maxLength: 9 }),
  )
  .map(([p, r, org]) => {
    const body = p + r + org.join('');
    return body + usccCheckChar(body);
  });

describe('GB 32100-2015 统一社会信用代码', () => {
  it('accepts published codes', () => {
    // Codes printed on public business licences.
    for (const c of ['91350100M000100Y43', '91110000802100433B', '914403001922038216']) {
      expect(parseUscc(c)).toEqual({ ok: true, value: c });
    }
    expect(parseUscc(' 91350100m000100y43 ')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('any generated code passes', () => {
    fc.assert(
      fc.property(codeArb, (c) => {
        expect(parseUscc(c).ok).toBe(true);
      }),
    );
  });

  it('any single-character change fails', () => {
    fc.assert(
      fc.property(codeArb, fc.nat(17), fc.constantFrom(...USCC_ALPHABET), (c, pos, ch) => {
        fc.pre(c[pos] !== ch && !(pos >= 2 && pos < 8 && !/\d/.test(ch)));
        const r = parseUscc(c.slice(0, pos) + ch + c.slice(pos + 1));
        expect(r.ok ? null : r.violations[0].code).toBe('USCC_CHECKSUM');
      }),
    );
  });

  it('rejects forbidden letters and wrong lengths with field and Chinese message', () => {
    for (const ch of 'IOZSV') {
      const r = parseUscc('91350100M000100Y4' + ch, { field: 'seller.creditCode' });
      expect(r.ok ? null : r.violations[0]).toMatchObject({ field: 'seller.creditCode', code: 'USCC_FORMAT' });
    }
    const r = parseUscc('9135010');
    expect(r.ok ? null : r.violations[0].message).toContain('统一社会信用代码应为18位');
  });

  it('check = 31 - sum mod 31, with 31 mapped to 0', () => {
    // Find a body whose sum is a multiple of 31: its check char must be '0'.
    let body = '';
    for (let i = 0; !body; i++) {
      const b = '91442000' + String(i).padStart(9, '0');
      const sum = [...b].reduce(
        (s, ch, k) =>
          s + USCC_ALPHABET.indexOf(ch) * [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28][k],
        0,
      );
      if (sum % 31 === 0) body = b;
    }
    expect(usccCheckChar(body)).toBe('0');
  });

  it('randomUscc makes valid codes', () => {
    for (let i = 0; i < 100; i++) expect(parseUscc(randomUscc()).ok).toBe(true);
  });
});
