import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRealDate, makeCitizenId, mod112CheckChar, parseCitizenId, randomCitizenId } from './gb11643';

const TODAY = '2026-03-01';
const birthArb = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-02-28T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const partsArb = fc.record({
  regionCode: fc.stringMatching(/^[1-8]\d{5}$/),
  birthDate: birthArb,
  sequence: fc.integer({ min: 0, max: 999 }),
});

describe('GB 11643 公民身份号码', () => {
  it('accepts the standard example and parses birth date and sex', () => {
    // Example from GB 11643-1999 annex: 11010519491231002X (female, born 1949-12-31).
    const r = parseCitizenId('11010519491231002x', { today: TODAY });
    expect(r).toEqual({
      ok: true,
      value: { number: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', sex: 'F' },
    });
    const m = parseCitizenId('440524198001010013', { today: TODAY });
    expect(m.ok && m.value.sex).toBe('M');
  });

  it('maps remainders 0..10 to 1 0 X 9 8 7 6 5 4 3 2', () => {
    expect(mod112CheckChar('11010519491231002')).toBe('X');
    expect(mod112CheckChar('44052418800101001')).toBe('4');
  });

  it('any generated number passes, with its own birth date', () => {
    fc.assert(
      fc.property(partsArb, (p) => {
        const r = parseCitizenId(makeCitizenId(p), { today: TODAY });
        expect(r.ok && r.value.birthDate).toBe(p.birthDate);
      }),
    );
  });

  it('any single-character change breaks the number', () => {
    fc.assert(
      fc.property(partsArb, fc.nat(17), fc.constantFrom(...'0123456789X'), (p, pos, ch) => {
        const id = makeCitizenId(p);
        fc.pre(id[pos] !== ch && !(pos < 17 && ch === 'X'));
        const changed = id.slice(0, pos) + ch + id.slice(pos + 1);
        expect(parseCitizenId(changed, { today: TODAY }).ok).toBe(false);
      }),
    );
  });

  it('sex follows the parity of the 17th digit', () => {
    fc.assert(
      fc.property(partsArb, fc.constantFrom('M' as const, 'F' as const), (p, sex) => {
        const r = parseCitizenId(makeCitizenId({ ...p, sex }), { today: TODAY });
        expect(r.ok && r.value.sex).toBe(sex);
      }),
    );
  });

  it('rejects bad length, characters, dates and region', () => {
    const code = (s: string) => {
      const r = parseCitizenId(s, { today: TODAY, field: 'buyers.0.idNumber' });
      return r.ok ? null : r.violations.map((v) => v.code);
    };
    expect(code('1101051949123100')).toEqual(['ID_LENGTH']);
    expect(code('1101051949123100AX')).toEqual(['ID_FORMAT']);
    expect(code('11010519491231002Y')).toEqual(['ID_FORMAT']);
    expect(code('110105194912310021')).toEqual(['ID_CHECKSUM']);
    const feb30 = '11010519490230002';
    expect(code(feb30 + mod112CheckChar(feb30))).toEqual(['ID_BIRTH_DATE']);
    const old = '11010518991231002';
    expect(code(old + mod112CheckChar(old))).toEqual(['ID_BIRTH_DATE']);
    const future = '11010520260302002';
    expect(code(future + mod112CheckChar(future))).toEqual(['ID_BIRTH_DATE']);
    const foreigner = '91010519491231002';
    expect(code(foreigner + mod112CheckChar(foreigner))).toEqual(['ID_REGION']);
  });

  it('messages are Chinese and name the field and the rule', () => {
    const r = parseCitizenId('110105194912310021', { today: TODAY, field: 'buyers.0.idNumber' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.violations[0].field).toBe('buyers.0.idNumber');
      expect(r.violations[0].message).toContain('公民身份号码');
      expect(r.violations[0].message).toContain('X');
    }
  });

  it('randomCitizenId makes valid numbers', () => {
    let seed = 1;
    const rng = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 200; i++) expect(parseCitizenId(randomCitizenId(rng), { today: TODAY }).ok).toBe(true);
  });

  it('isRealDate knows leap years', () => {
    expect(isRealDate('20000229')).toBe(true);
    expect(isRealDate('19000229')).toBe(false);
    expect(isRealDate('20241301')).toBe(false);
  });
});
