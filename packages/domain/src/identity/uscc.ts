// GB 32100-2015 统一社会信用代码: 1 registration authority + 1 kind + 6 region + 9 org code + 1 check.
import { ok, type RuleResult } from '../rule';

/** Code alphabet: digits and capitals without I, O, Z, S, V; index = numeric value. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(body17[i]);
    if (v < 0) throw new RangeError(`not a code character: ${body17[i]}`);
    sum += v * WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

export interface UsccOptions {
  field?: string;
  label?: string;
}

export function parseUscc(input: string, opts: UsccOptions = {}): RuleResult<string> {
  const field = opts.field ?? 'creditCode';
  const label = opts.label ?? '统一社会信用代码';
  const bad = (code: string, message: string): RuleResult<string> => ({
    ok: false,
    violations: [{ field, code, message }],
  });
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return bad('USCC_LENGTH', `${label}应为18位（GB 32100-2015），当前为${code.length}位`);
  for (const ch of code) {
    if (!USCC_ALPHABET.includes(ch)) {
      return bad('USCC_FORMAT', `${label}含非法字符“${ch}”：只允许数字和除 I、O、Z、S、V 以外的大写字母`);
    }
  }
  // Region code (positions 3–8) is always numeric in the standard.
  if (!/^\d{6}$/.test(code.slice(2, 8))) return bad('USCC_FORMAT', `${label}第3–8位（登记管理机关行政区划码）应为数字`);
  const expected = usccCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return bad('USCC_CHECKSUM', `${label}校验码错误：按 GB 32100-2015 第18位应为 ${expected}`);
  }
  return ok(code);
}

/** A random valid code (for tests and demo data); default kind 91 = 工商 企业. */
export function randomUscc(rng: () => number = Math.random, prefix = '91', region = '442000'): string {
  let org = '';
  for (let i = 0; i < 9; i++) org += USCC_ALPHABET[Math.floor(rng() * USCC_ALPHABET.length)];
  const body = prefix + region + org;
  return body + usccCheckChar(body);
}
