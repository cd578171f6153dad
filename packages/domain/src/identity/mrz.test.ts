import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTd3, mrzCheckDigit, parseTd3 } from './mrz';

const TODAY = '2026-03-01';
// The specimen in fixtures/passport-person-b.png.
const SPECIMEN = {
  issuingState: 'UTO',
  surname: 'SMITH',
  givenNames: 'JOHN ALEXANDER',
  documentNumber: 'X12345678',
  nationality: 'UTO',
  birthDate: '1985-06-12',
  sex: 'M' as const,
  expiryDate: '2033-01-01',
};
const PRINTED = ['P<UTOSMITH<<JOHN<ALEXANDER<<<<<<<<<<<<<<<<<<', 'X123456785UTO8506128M3301018<<<<<<<<<<<<<<02'];

const codes = (r: ReturnType<typeof parseTd3>) => (r.ok ? [] : r.violations.map((v) => v.code));

describe('ICAO 9303 TD3 MRZ', () => {
  it('builds the lines printed on the specimen passport', () => {
    expect(buildTd3(SPECIMEN)).toEqual(PRINTED);
  });

  it('parses every field of the specimen', () => {
    const r = parseTd3(PRINTED.join('\n'), { today: TODAY });
    expect(r).toEqual({
      ok: true,
      value: {
        documentType: 'P',
        issuingState: 'UTO',
        surname: 'SMITH',
        givenNames: 'JOHN ALEXANDER',
        documentNumber: 'X12345678',
        nationality: 'UTO',
        birthDate: '1985-06-12',
        sex: 'M',
        expiryDate: '2033-01-01',
        optionalData: '',
        expired: false,
      },
    });
    const later = parseTd3(PRINTED, { today: '2033-01-02' });
    expect(later.ok && later.value.expired).toBe(true);
  });

  it('ICAO worked example: check digit of 520727 is 3, of L898902C3 is 6', () => {
    expect(mrzCheckDigit('520727')).toBe('3');
    expect(mrzCheckDigit('L898902C3')).toBe('6');
    expect(mrzCheckDigit('<<<<<<<<<<<<<<')).toBe('0');
  });

  it('names which check digit failed', () => {
    const set = (i: number, ch: string) => [PRINTED[0], PRINTED[1].slice(0, i) + ch + PRINTED[1].slice(i + 1)];
    expect(codes(parseTd3(set(9, '4'), { today: TODAY }))).toEqual(['MRZ_CHECK_NUMBER', 'MRZ_CHECK_COMPOSITE']);
    expect(codes(parseTd3(set(19, '7'), { today: TODAY }))).toEqual(['MRZ_CHECK_BIRTH', 'MRZ_CHECK_COMPOSITE']);
    expect(codes(parseTd3(set(27, '1'), { today: TODAY }))).toEqual(['MRZ_CHECK_EXPIRY', 'MRZ_CHECK_COMPOSITE']);
    expect(codes(parseTd3(set(42, '5'), { today: TODAY }))).toEqual(['MRZ_CHECK_OPTIONAL', 'MRZ_CHECK_COMPOSITE']);
    expect(codes(parseTd3(set(43, '3'), { today: TODAY }))).toEqual(['MRZ_CHECK_COMPOSITE']);
    const r = parseTd3(set(19, '7'), { today: TODAY, field: 'buyers.1.mrz' });
    expect(r.ok ? null : r.violations[0]).toMatchObject({
      field: 'buyers.1.mrz',
      message: expect.stringContaining('出生日期的校验位错误'),
    });
  });

  it('changing any digit of line 2 breaks it', () => {
    const digits = [...PRINTED[1]].flatMap((c, i) => (/\d/.test(c) ? [i] : []));
    fc.assert(
      fc.property(fc.constantFrom(...digits), fc.integer({ min: 1, max: 9 }), (i, delta) => {
        const ch = String((Number(PRINTED[1][i]) + delta) % 10);
        const line2 = PRINTED[1].slice(0, i) + ch + PRINTED[1].slice(i + 1);
        expect(parseTd3([PRINTED[0], line2], { today: TODAY }).ok).toBe(false);
      }),
    );
  });

  const personArb = fc.record({
    issuingState: fc.stringMatching(/^[A-Z]{3}$/),
    surname: fc.stringMatching(/^[A-Z]{1,15}$/),
    givenNames: fc.stringMatching(/^[A-Z]{1,10}( [A-Z]{1,8})?$/),
    documentNumber: fc.stringMatching(/^[A-Z0-9]{9}$/),
    nationality: fc.stringMatching(/^[A-Z]{3}$/),
    birthDate: fc
      .date({ min: new Date('1930-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    sex: fc.constantFrom('M' as const, 'F' as const, 'X' as const),
    expiryDate: fc
      .date({ min: new Date('2020-01-01'), max: new Date('2045-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    optionalData: fc.stringMatching(/^[A-Z0-9]{0,14}$/),
  });

  it('any built MRZ parses back to its fields', () => {
    fc.assert(
      fc.property(personArb, (p) => {
        const r = parseTd3(buildTd3(p), { today: TODAY });
        expect(r.ok).toBe(true);
        if (r.ok)
          expect(r.value).toMatchObject({
            documentNumber: p.documentNumber,
            birthDate: p.birthDate,
            expiryDate: p.expiryDate,
            sex: p.sex,
            surname: p.surname,
            givenNames: p.givenNames,
          });
      }),
    );
  });

  it('any change of a checked character of line 2 whose value differs by other than a multiple of 10 fails', () => {
    // ICAO check digits are mod 10 with weights 7-3-1 (coprime to 10): a change is caught exactly
    // when the character values differ by a non-multiple of 10 (so 0, A, K, U and < alias: 0/10/20/30).
    const checked = [...Array(44).keys()].filter((i) => !(i >= 10 && i <= 12) && i !== 20);
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<';
    const val = (c: string) => (c === '<' ? 0 : parseInt(c, 36));
    fc.assert(
      fc.property(personArb, fc.constantFrom(...checked), fc.constantFrom(...alphabet), (p, i, ch) => {
        const [l1, l2] = buildTd3(p);
        fc.pre((val(l2[i]) - val(ch)) % 10 !== 0);
        expect(parseTd3([l1, l2.slice(0, i) + ch + l2.slice(i + 1)], { today: TODAY }).ok).toBe(false);
      }),
    );
  });

  it('rejects wrong lengths, characters and document type', () => {
    expect(codes(parseTd3([PRINTED[0], PRINTED[1].slice(1)]))).toEqual(['MRZ_LENGTH']);
    expect(codes(parseTd3([PRINTED[0].replace('SMITH', 'SMïTH'), PRINTED[1]]))).toEqual(['MRZ_CHARSET']);
    expect(codes(parseTd3(['V' + PRINTED[0].slice(1), PRINTED[1]]))).toEqual(['MRZ_DOCUMENT_TYPE']);
  });
});
