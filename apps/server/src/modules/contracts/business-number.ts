import { createHmac } from 'node:crypto';
import { formatBusinessNo } from '@netsign/domain/business-no';

const SERIALS = 1_000_000;

/** One round-keyed Feistel pass over 20 bits (two 10-bit halves). */
function feistel20(x: number, key: Buffer): number {
  let l = x >>> 10;
  let r = x & 1023;
  for (let round = 0; round < 4; round++) {
    const f = createHmac('sha256', key).update(`${round}:${r}`).digest().readUInt16BE(0) & 1023;
    [l, r] = [r, l ^ f];
  }
  return (l << 10) | r;
}

/**
 * The day's n-th contract → its serial: a keyed permutation of 0–999999 (a Feistel network with
 * cycle walking), so serials never repeat within a day, yet neither their order nor their size
 * tells how many contracts a developer signed that day. The key is derived from the master key
 * and the day.
 */
export function scrambleSerial(n: number, masterKey: Buffer, day: string): number {
  if (!Number.isInteger(n) || n < 0 || n >= SERIALS) throw new RangeError(`业务号序号超出范围：${n}`);
  const key = createHmac('sha256', masterKey).update(`business-no:${day}`).digest();
  let x = n;
  do x = feistel20(x, key);
  while (x >= SERIALS);
  return x;
}

/** 业务号 of the day's n-th contract: WQ + day + scrambled serial + check character. */
export function businessNumber(n: number, masterKey: Buffer, day: string): string {
  return formatBusinessNo(day, scrambleSerial(n, masterKey, day));
}
