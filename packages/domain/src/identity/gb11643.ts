// GB 11643-1999 公民身份号码: 6-digit region, 8-digit birth date, 3-digit sequence (odd = male), check char.
import { ok, type RuleResult, type RuleViolation } from '../rule';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432'; // index = (sum mod 11)

/** ISO 7064 MOD 11-2 check character for a 17-digit body. */
export function mod112CheckChar(body17: string): string {
  if (!/^\d{17}$/.test(body17)) throw new RangeError('body must be 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export interface CitizenId {
  /** normalised: upper-case X */
  number: string;
  regionCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'M' | 'F';
}

export interface IdCheckOptions {
  /** dotted path reported in violations */
  field?: string;
  /** Chinese name of the field used in messages */
  label?: string;
  /** today as YYYY-MM-DD in Asia/Shanghai; defaults to the current date there */
  today?: string;
}

/** Today's calendar date in Asia/Shanghai (UTC+8, no daylight saving since 1991). */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** True when YYYYMMDD names a real Gregorian date. */
export function isRealDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const toIso = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

/**
 * Checks the structure shared by 公民身份号码, 港澳台居民居住证 and the 2023 外国人永久居留身份证:
 * 17 digits + MOD 11-2 check char, with a real birth date in positions 7–14.
 */
export function checkMod112Number(input: string, opts: IdCheckOptions = {}): RuleResult<CitizenId> {
  const field = opts.field ?? 'idNumber';
  const label = opts.label ?? '公民身份号码';
  const v = (code: string, message: string): RuleResult<CitizenId> => ({
    ok: false,
    violations: [{ field, code, message }],
  });
  const number = input.trim().toUpperCase();
  if (number.length !== 18) return v('ID_LENGTH', `${label}应为18位（GB 11643），当前为${number.length}位`);
  if (!/^\d{17}[\dX]$/.test(number)) {
    return v('ID_FORMAT', `${label}格式错误：前17位须为数字，第18位为数字或X（GB 11643）`);
  }
  const violations: RuleViolation[] = [];
  const expected = mod112CheckChar(number.slice(0, 17));
  if (number[17] !== expected) {
    violations.push({
      field,
      code: 'ID_CHECKSUM',
      message: `${label}校验位错误：按 GB 11643 (ISO 7064 MOD 11-2) 第18位应为 ${expected}`,
    });
  }
  const birth = number.slice(6, 14);
  const today = opts.today ?? shanghaiToday();
  if (!isRealDate(birth)) {
    violations.push({ field, code: 'ID_BIRTH_DATE', message: `${label}中的出生日期 ${birth} 不是真实日期` });
  } else if (birth < '19000101') {
    violations.push({ field, code: 'ID_BIRTH_DATE', message: `${label}中的出生日期 ${toIso(birth)} 早于1900年` });
  } else if (toIso(birth) > today) {
    violations.push({ field, code: 'ID_BIRTH_DATE', message: `${label}中的出生日期 ${toIso(birth)} 晚于今天` });
  }
  if (violations.length) return { ok: false, violations };
  return ok({
    number,
    regionCode: number.slice(0, 6),
    birthDate: toIso(birth),
    sex: Number(number[16]) % 2 === 1 ? 'M' : 'F',
  });
}

/** Mainland 公民身份号码: as above, and the region code's first digit is 1–8 (9 is foreigners'). */
export function parseCitizenId(input: string, opts: IdCheckOptions = {}): RuleResult<CitizenId> {
  const r = checkMod112Number(input, opts);
  if (r.ok && !/^[1-8]/.test(r.value.number)) {
    return {
      ok: false,
      violations: [
        {
          field: opts.field ?? 'idNumber',
          code: 'ID_REGION',
          message: `${opts.label ?? '公民身份号码'}首位应为1–8（省级地址码），当前为 ${r.value.number[0]}`,
        },
      ],
    };
  }
  return r;
}

export interface CitizenIdParts {
  /** 6 digits, default 442000 (中山市) */
  regionCode?: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** 0..999; its parity is overridden by `sex` when given */
  sequence?: number;
  sex?: 'M' | 'F';
}

/** Builds a valid number from its parts (for tests and demo data). */
export function makeCitizenId(parts: CitizenIdParts): string {
  const region = parts.regionCode ?? '442000';
  if (!/^\d{6}$/.test(region)) throw new RangeError('regionCode must be 6 digits');
  const birth = parts.birthDate.replaceAll('-', '');
  if (!isRealDate(birth)) throw new RangeError(`not a real date: ${parts.birthDate}`);
  let seq = (parts.sequence ?? 1) % 1000;
  if (parts.sex === 'M' && seq % 2 === 0) seq = (seq + 1) % 1000;
  if (parts.sex === 'F' && seq % 2 === 1) seq = (seq + 1) % 1000;
  const body = region + birth + String(seq).padStart(3, '0');
  return body + mod112CheckChar(body);
}

/** A random valid mainland number; `rng` returns [0,1) like Math.random. */
export function randomCitizenId(rng: () => number = Math.random, sex?: 'M' | 'F'): string {
  const day = Date.UTC(1940, 0, 1) + Math.floor(rng() * 80 * 365.25) * 86400_000;
  const birthDate = new Date(day).toISOString().slice(0, 10);
  const provinces = ['11', '31', '44', '51', '65'];
  const region = provinces[Math.floor(rng() * provinces.length)] + String(Math.floor(rng() * 9999)).padStart(4, '0');
  return makeCitizenId({ regionCode: region, birthDate, sequence: Math.floor(rng() * 1000), sex });
}
