// 业务号: WQ, the day it was given (YYYYMMDD), a six-digit serial, and an ISO 7064 MOD 11-2 check
// character over the fourteen digits, so a mistyped number is caught before anything is looked up.
import { ok, broken, type RuleResult } from './rule';

/** ISO 7064 MOD 11-2 (the check of 公民身份号码) over any string of digits: '0'–'9' or 'X'. */
export function mod112(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError('digits only');
  let p = 0;
  for (const d of digits) p = ((p + Number(d)) * 2) % 11;
  const c = (12 - p) % 11;
  return c === 10 ? 'X' : String(c);
}

export function formatBusinessNo(day: string, serial: number): string {
  if (!/^\d{8}$/.test(day)) throw new RangeError('day must be YYYYMMDD');
  if (!Number.isInteger(serial) || serial < 0 || serial > 999_999) throw new RangeError('serial must be 0–999999');
  const digits = `${day}${String(serial).padStart(6, '0')}`;
  return `WQ${digits}${mod112(digits)}`;
}

/** Numbers given before the check character existed (WQ + 13 digits) are still accepted as they are. */
const LEGACY = /^WQ\d{13}$/;

/** Checks a 业务号 as typed (trimmed, any case); reports at `field`. */
export function parseBusinessNo(input: string, field = 'businessNo'): RuleResult<string> {
  const s = input.trim().toUpperCase();
  if (LEGACY.test(s)) return ok(s);
  if (!/^WQ\d{14}[\dX]$/.test(s))
    return broken(field, 'BUSINESS_NO_FORMAT', '业务号格式有误：应为 WQ 加 15 位（日期 8 位、序号 6 位、校验位 1 位）');
  if (mod112(s.slice(2, 16)) !== s[16]) return broken(field, 'BUSINESS_NO_CHECK', '业务号校验位不符，请核对是否输错');
  return ok(s);
}
