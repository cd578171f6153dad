import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { parseBusinessNo } from '@netsign/domain/business-no';
import { businessNumber, scrambleSerial } from './business-number';

describe('业务号 serials', () => {
  const key = randomBytes(32);

  it('never repeat within a day (a permutation of 0–999999)', () => {
    const seen = new Set<number>();
    for (let n = 0; n < 20_000; n++) seen.add(scrambleSerial(n, key, '20261124'));
    expect(seen.size).toBe(20_000);
    fc.assert(
      fc.property(fc.nat(999_999), fc.nat(999_999), (a, b) => {
        fc.pre(a !== b);
        expect(scrambleSerial(a, key, '20261124')).not.toBe(scrambleSerial(b, key, '20261124'));
      }),
    );
  });

  it('do not show how many came before: consecutive contracts get unrelated, unordered numbers', () => {
    const serials = Array.from({ length: 200 }, (_, i) => scrambleSerial(i + 1, key, '20261124'));
    const rising = serials.filter((s, i) => i > 0 && s > serials[i - 1]).length;
    expect(rising).toBeGreaterThan(60);
    expect(rising).toBeLessThan(140);
    expect(Math.max(...serials)).toBeGreaterThan(500_000);
    // another day, another order; another server key, another order
    expect(scrambleSerial(1, key, '20261125')).not.toBe(scrambleSerial(1, key, '20261124'));
    expect(scrambleSerial(1, randomBytes(32), '20261124')).not.toBe(scrambleSerial(1, key, '20261124'));
  });

  it('carry the day and a valid check character', () => {
    const no = businessNumber(7, key, '20261124');
    expect(no).toMatch(/^WQ20261124\d{6}[\dX]$/);
    expect(parseBusinessNo(no).ok).toBe(true);
  });
});
