// ICAO Doc 9303 part 4: TD3 (passport) machine readable zone, 2 lines × 44 characters.
import { ok, type RuleResult, type RuleViolation } from '../rule';
import { isRealDate, shanghaiToday } from './gb11643';

const MRZ_WEIGHTS = [7, 3, 1];

function charValue(ch: string): number {
  if (ch === '<') return 0;
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  if (ch >= 'A' && ch <= 'Z') return ch.charCodeAt(0) - 55; // A = 10 … Z = 35
  throw new RangeError(`not an MRZ character: ${ch}`);
}

/** Check digit of an MRZ field: weights 7-3-1 repeating, sum mod 10. */
export function mrzCheckDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) sum += charValue(field[i]) * MRZ_WEIGHTS[i % 3];
  return String(sum % 10);
}

export interface Td3 {
  documentType: string;
  issuingState: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'M' | 'F' | 'X';
  /** YYYY-MM-DD */
  expiryDate: string;
  optionalData: string;
  expired: boolean;
}

export interface MrzOptions {
  field?: string;
  /** YYYY-MM-DD, for the century of birth dates and `expired` */
  today?: string;
}

const CHECKS = [
  { code: 'MRZ_CHECK_NUMBER', name: '护照号码', data: [0, 9], at: 9 },
  { code: 'MRZ_CHECK_BIRTH', name: '出生日期', data: [13, 19], at: 19 },
  { code: 'MRZ_CHECK_EXPIRY', name: '有效期至', data: [21, 27], at: 27 },
  { code: 'MRZ_CHECK_OPTIONAL', name: '可选数据（个人号码）', data: [28, 42], at: 42 },
] as const;

const strip = (s: string) => s.replace(/<+$/, '').replace(/</g, ' ').trim();

/** Parses and checks a TD3 MRZ; accepts the two lines as an array or one string with a newline. */
export function parseTd3(lines: string | readonly string[], opts: MrzOptions = {}): RuleResult<Td3> {
  const field = opts.field ?? 'mrz';
  const today = opts.today ?? shanghaiToday();
  const [l1 = '', l2 = ''] = (typeof lines === 'string' ? lines.split(/\r?\n/) : lines).map((l) =>
    l.trim().toUpperCase().replace(/\s/g, ''),
  );
  const bad = (code: string, message: string): RuleResult<Td3> => ({
    ok: false,
    violations: [{ field, code, message }],
  });
  if (l1.length !== 44 || l2.length !== 44) {
    return bad(
      'MRZ_LENGTH',
      `护照机读区（MRZ）应为两行、每行44个字符（ICAO 9303 TD3），当前为 ${l1.length} 和 ${l2.length}`,
    );
  }
  if (!/^[A-Z0-9<]+$/.test(l1 + l2)) return bad('MRZ_CHARSET', '护照机读区只允许 A–Z、0–9 和填充符 <');
  if (l1[0] !== 'P') return bad('MRZ_DOCUMENT_TYPE', `护照机读区第1行应以 P 开头（护照），当前为 ${l1[0]}`);

  const violations: RuleViolation[] = [];
  for (const c of CHECKS) {
    const data = l2.slice(c.data[0], c.data[1]);
    const given = l2[c.at];
    const expected = mrzCheckDigit(data);
    // An empty optional field may carry < instead of 0 as its check digit.
    const emptyOptional = c.code === 'MRZ_CHECK_OPTIONAL' && /^<+$/.test(data) && given === '<';
    if (given !== expected && !emptyOptional) {
      violations.push({
        field,
        code: c.code,
        message: `护照机读区${c.name}的校验位错误：应为 ${expected}，实为 ${given}`,
      });
    }
  }
  const composite = l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43);
  const expectedComposite = mrzCheckDigit(composite);
  if (l2[43] !== expectedComposite) {
    violations.push({
      field,
      code: 'MRZ_CHECK_COMPOSITE',
      message: `护照机读区第2行末位综合校验位错误：应为 ${expectedComposite}，实为 ${l2[43]}`,
    });
  }

  const birthYY = l2.slice(13, 19);
  const expiryYY = l2.slice(21, 27);
  const todayYY = today.slice(2, 4);
  // Birth: a two-digit year after this year's must be last century. Expiry: always this century.
  const birth = (birthYY.slice(0, 2) > todayYY ? '19' : '20') + birthYY;
  const expiry = '20' + expiryYY;
  if (!isRealDate(birth))
    violations.push({ field, code: 'MRZ_BIRTH_DATE', message: `护照机读区出生日期 ${birthYY} 不是真实日期` });
  if (!isRealDate(expiry))
    violations.push({ field, code: 'MRZ_EXPIRY_DATE', message: `护照机读区有效期 ${expiryYY} 不是真实日期` });
  const sex = l2[20] === '<' ? 'X' : l2[20];
  if (sex !== 'M' && sex !== 'F' && sex !== 'X') {
    violations.push({ field, code: 'MRZ_SEX', message: `护照机读区性别应为 M、F 或 <，实为 ${l2[20]}` });
  }
  if (violations.length) return { ok: false, violations };

  const names = l1.slice(5);
  const sep = names.indexOf('<<');
  const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
  return ok({
    documentType: strip(l1.slice(0, 2)),
    issuingState: strip(l1.slice(2, 5)),
    surname: strip(sep < 0 ? names : names.slice(0, sep)),
    givenNames: sep < 0 ? '' : strip(names.slice(sep + 2)),
    documentNumber: strip(l2.slice(0, 9)),
    nationality: strip(l2.slice(10, 13)),
    birthDate: iso(birth),
    sex: sex as Td3['sex'],
    expiryDate: iso(expiry),
    optionalData: strip(l2.slice(28, 42)),
    expired: iso(expiry) < today,
  });
}

export interface Td3Input {
  documentType?: string;
  issuingState: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'M' | 'F' | 'X';
  /** YYYY-MM-DD */
  expiryDate: string;
  optionalData?: string;
}

const fill = (s: string, n: number) => {
  const t = s.toUpperCase().replace(/[^A-Z0-9<]+/g, '<');
  if (t.length > n) throw new RangeError(`MRZ field too long: ${s}`);
  return t.padEnd(n, '<');
};
const yymmdd = (iso: string) => iso.replaceAll('-', '').slice(2);

/** Builds the two TD3 lines with correct check digits (names must already be transliterated A–Z). */
export function buildTd3(p: Td3Input): [string, string] {
  const part = (n: string) =>
    n
      .trim()
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '<');
  const names = fill(`${part(p.surname)}<<${part(p.givenNames)}`.replace(/<+$/, ''), 39);
  const line1 = fill(p.documentType ?? 'P', 2) + fill(p.issuingState, 3) + names;
  const num = fill(p.documentNumber, 9);
  const opt = fill(p.optionalData ?? '', 14);
  const birth = yymmdd(p.birthDate);
  const expiry = yymmdd(p.expiryDate);
  const l2a =
    num + mrzCheckDigit(num) + fill(p.nationality, 3) + birth + mrzCheckDigit(birth) + (p.sex === 'X' ? '<' : p.sex);
  const l2b = expiry + mrzCheckDigit(expiry) + opt + mrzCheckDigit(opt);
  const composite = l2a.slice(0, 10) + l2a.slice(13, 20) + l2b;
  return [line1, l2a + l2b + mrzCheckDigit(composite)];
}
