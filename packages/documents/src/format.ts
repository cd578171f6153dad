// How values print in the documents: blanks, money in figures and in capitals, dates, areas.
import { createHash } from 'node:crypto';

export const BLANK = '______';

export function blank(v: string | number | undefined | null): string {
  if (v === undefined || v === null || v === '') return BLANK;
  return String(v);
}

export function yuan(n: number | undefined): string {
  if (n === undefined) return BLANK;
  // by hand: toLocaleString goes through ICU and costs more than laying out the sentence
  const [i, f] = n.toFixed(2).split('.');
  return i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + f;
}

export function area(n: number | undefined): string {
  return n === undefined ? BLANK : n.toFixed(2);
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

/** 人民币大写: 1234567.8 → 壹佰贰拾叁万肆仟伍佰陆拾柒元捌角整 */
export function yuanCapital(n: number | undefined): string {
  if (n === undefined) return BLANK;
  const fen = Math.round(n * 100);
  const intPart = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const f = fen % 10;
  let out = '';
  if (intPart === 0) out = '零';
  else {
    const s = String(intPart);
    let zero = false;
    for (let i = 0; i < s.length; i++) {
      const d = Number(s[i]);
      const pos = s.length - 1 - i;
      if (d === 0) zero = true;
      else {
        if (zero) out += '零';
        zero = false;
        out += DIGITS[d] + UNITS[pos % 4];
      }
      if (pos % 4 === 0 && pos > 0) {
        // a group with any non-zero digit gets its 万/亿
        const group = s.slice(Math.max(0, i - 3), i + 1);
        if (Number(group) !== 0) out += GROUPS[pos / 4];
      }
    }
  }
  out += '元';
  if (jiao === 0 && f === 0) return out + '整';
  if (jiao) out += DIGITS[jiao] + '角';
  else if (intPart) out += '零';
  if (f) out += DIGITS[f] + '分';
  return out;
}

/** '2026-03-05' → 2026年3月5日; missing → ____年__月__日 */
export function cnDate(d: string | undefined): string {
  if (!d) return '____年__月__日';
  const [y, m, day] = d.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

/** ISO time → 2026年3月5日 14:05 (in China Standard Time, whatever the server's zone) */
export function cnDateTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}

/** Stable JSON: object keys sorted, binary replaced by its SHA-256, so equal data hash equal. */
export function canonicalJson(v: unknown): string {
  if (v instanceof Uint8Array) return JSON.stringify('sha256:' + createHash('sha256').update(v).digest('hex'));
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return '{' + entries.map(([k, x]) => JSON.stringify(k) + ':' + canonicalJson(x)).join(',') + '}';
  }
  return JSON.stringify(v ?? null);
}

/** The document fingerprint printed in footers: SHA-256 of the canonical data. */
export function fingerprint(data: unknown): string {
  return createHash('sha256').update(canonicalJson(data)).digest('hex');
}

export const shortFingerprint = (hex: string): string => hex.slice(0, 16).toUpperCase();

export function unitLabel(u: { projectName: string; building: string; unitNumber?: string; room: string }): string {
  return `${u.projectName}${u.building}${u.unitNumber ? u.unitNumber : ''}${u.room}`;
}
