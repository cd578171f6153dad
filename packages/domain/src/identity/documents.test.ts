import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeCitizenId, mod112CheckChar } from './gb11643';
import {
  IDENTITY_DOCUMENT_LABELS,
  ZIdentityDocumentKind,
  normaliseName,
  randomDocumentNumber,
  sameIdentity,
  validateIdentityDocument,
} from './documents';
import { buildTd3 } from './mrz';

const TODAY = '2026-03-01';
const v = (kind: Parameters<typeof validateIdentityDocument>[0], n: string, mrz?: string[]) =>
  validateIdentityDocument(kind, n, { today: TODAY, mrz });
const code = (r: ReturnType<typeof v>) => (r.ok ? null : r.violations[0].code);
const withCheck = (body: string) => body + mod112CheckChar(body);

describe('identity documents', () => {
  it('every kind has a Chinese label and the enum accepts it', () => {
    for (const k of ZIdentityDocumentKind.options) expect(IDENTITY_DOCUMENT_LABELS[k]).toMatch(/[\u4e00-\u9fff]/);
    expect(ZIdentityDocumentKind.safeParse('DRIVING_LICENCE').success).toBe(false);
  });

  it('居民身份证 uses GB 11643 and normalises full-width and lower-case x', () => {
    const r = v('CN_RESIDENT_ID', '１１０１０５１９４９１２３１００２ｘ');
    expect(r).toMatchObject({ ok: true, value: { number: '11010519491231002X', birthDate: '1949-12-31', sex: 'F' } });
    expect(code(v('CN_RESIDENT_ID', '110105194912310021'))).toBe('ID_CHECKSUM');
  });

  it('港澳居民来往内地通行证: H/M + 8 digits, older + 10 digits', () => {
    for (const n of ['H12345678', 'M12345678', 'h1234567890', 'M 1234 5678'])
      expect(v('HK_MO_PERMIT', n).ok).toBe(true);
    for (const n of ['A12345678', 'H1234567', 'H123456789', 'H12345678901'])
      expect(code(v('HK_MO_PERMIT', n))).toBe('ID_FORMAT');
  });

  it('台湾居民来往大陆通行证: 8 digits, older 10 digits with optional office code', () => {
    for (const n of ['12345678', '1234567801', '1234567801(B)', '1234567801（B）', '1234567801B']) {
      expect(v('TW_PERMIT', n).ok).toBe(true);
    }
    for (const n of ['1234567', '123456789', 'T12345678', '1234567801(BB)'])
      expect(code(v('TW_PERMIT', n))).toBe('ID_FORMAT');
  });

  it('外国人永久居留身份证: 2017 (3 letters + 12 digits) and 2023 (18 chars, 9…, MOD 11-2)', () => {
    expect(v('FOREIGN_PR_CARD', 'USA440019850612').ok).toBe(true);
    const card2023 = withCheck('94484019850612001');
    expect(v('FOREIGN_PR_CARD', card2023)).toMatchObject({ ok: true, value: { birthDate: '1985-06-12', sex: 'M' } });
    const wrong = card2023.slice(0, 17) + (card2023[17] === '0' ? '1' : '0');
    expect(code(v('FOREIGN_PR_CARD', wrong))).toBe('ID_CHECKSUM');
    expect(code(v('FOREIGN_PR_CARD', withCheck('14484019850612001')))).toBe('ID_FORMAT');
    expect(code(v('FOREIGN_PR_CARD', 'US440019850612'))).toBe('ID_FORMAT');
  });

  it('港澳台居民居住证: 81/82/83 + GB 11643 checksum', () => {
    for (const p of ['810000', '820000', '830000'])
      expect(v('HMT_RESIDENCE_PERMIT', withCheck(p + '19900101001')).ok).toBe(true);
    expect(code(v('HMT_RESIDENCE_PERMIT', withCheck('440000' + '19900101001')))).toBe('ID_FORMAT');
    expect(code(v('HMT_RESIDENCE_PERMIT', '810000199001010010'.slice(0, 17) + 'X'))).not.toBeNull();
  });

  it('护照: number format, and against the MRZ when given', () => {
    const mrz = buildTd3({
      issuingState: 'UTO',
      surname: 'SMITH',
      givenNames: 'JOHN ALEXANDER',
      documentNumber: 'X12345678',
      nationality: 'UTO',
      birthDate: '1985-06-12',
      sex: 'M',
      expiryDate: '2033-01-01',
    });
    expect(v('PASSPORT', 'X12345678', mrz)).toMatchObject({
      ok: true,
      value: { birthDate: '1985-06-12', mrz: { surname: 'SMITH' } },
    });
    expect(code(v('PASSPORT', 'X12345679', mrz))).toBe('PASSPORT_MRZ_MISMATCH');
    expect(code(v('PASSPORT', 'X12345678', [mrz[0], mrz[1].replace('8506128', '8506129')]))).toBe('MRZ_CHECK_BIRTH');
    expect(code(validateIdentityDocument('PASSPORT', 'X12345678', { mrz, today: '2033-01-02' }))).toBe(
      'DOCUMENT_EXPIRED',
    );
    expect(v('PASSPORT', 'E12345678').ok).toBe(true);
    expect(code(v('PASSPORT', 'E1234567890'))).toBe('ID_FORMAT');
    expect(code(v('PASSPORT', ''))).toBe('ID_REQUIRED');
  });
});

describe('randomDocumentNumber', () => {
  it('makes a valid number of every kind', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZIdentityDocumentKind.options),
        fc.integer({ min: 1, max: 2 ** 31 - 2 }),
        (kind, seed) => {
          let s = seed;
          const rng = () => (s = (s * 16807) % 2147483647) / 2147483647;
          const n = randomDocumentNumber(kind, rng);
          expect(v(kind, n)).toMatchObject({ ok: true, value: { kind, number: n } });
        },
      ),
    );
  });
});

describe('sameIdentity', () => {
  const buyer = {
    name: '张三',
    idKind: 'CN_RESIDENT_ID' as const,
    idNumber: makeCitizenId({ birthDate: '1990-01-01', sex: 'M' }),
  };
  it('matches after normalising names and numbers', () => {
    expect(normaliseName('  Ｊｏｈｎ   alexander  SMITH ')).toBe('JOHN ALEXANDER SMITH');
    expect(normaliseName('艾尔肯・买买提')).toBe(normaliseName('艾尔肯·买买提'));
    expect(sameIdentity(buyer, { ...buyer, name: ' 张三 ', idNumber: buyer.idNumber.toLowerCase() }).ok).toBe(true);
    expect(
      sameIdentity({ name: 'John  Smith', idNumber: 'X12345678' }, { name: 'JOHN SMITH', idNumber: 'x12345678' }).ok,
    ).toBe(true);
  });
  it('reports name, number and kind mismatches at their fields', () => {
    const r = sameIdentity(buyer, { name: '张四', idKind: 'PASSPORT', idNumber: 'E12345678' }, 'buyers.0');
    expect(r.ok ? [] : r.violations.map((x) => [x.field, x.code])).toEqual([
      ['buyers.0.idKind', 'IDENTITY_KIND_MISMATCH'],
      ['buyers.0.name', 'IDENTITY_NAME_MISMATCH'],
      ['buyers.0.idNumber', 'IDENTITY_NUMBER_MISMATCH'],
    ]);
  });
  it('any spacing, case or full-width variant of the same name and number matches; another number does not', () => {
    const word = fc.stringMatching(/^[A-Za-z]{1,8}$/);
    const toFullWidth = (t: string) => [...t].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.stringMatching(/^[A-Z]\d{8}$/),
        (words, wide, num) => {
          const canonical = { name: words.join(' '), idNumber: num };
          const variant = {
            name: `  ${words.map((w) => (wide ? toFullWidth(w) : w.toLowerCase())).join('   ')} `,
            idNumber: num.toLowerCase(),
          };
          expect(sameIdentity(canonical, variant).ok).toBe(true);
          const other = { ...variant, idNumber: num.slice(0, 8) + String((Number(num[8]) + 1) % 10) };
          expect(sameIdentity(canonical, other).ok).toBe(false);
        },
      ),
    );
  });
});
