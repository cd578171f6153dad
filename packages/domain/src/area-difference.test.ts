import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, settleAreaDifference, type AreaDifferenceSettlement } from './area-difference';

const settle = (c: number | string, m: number | string, p: number | string): AreaDifferenceSettlement => {
  const r = settleAreaDifference({ basis: 'BUILDING', contractedArea: c, measuredArea: m, unitPrice: p });
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return r.value;
};

const areaArb = fc.integer({ min: 2000, max: 50000 }); // 20.00 – 500.00 m²
const priceArb = fc.integer({ min: 100, max: 20_000_000 }); // 1 – 200 000 yuan/m², in fen
// Whole hundreds of yuan per m²: every amount is then exact, no rounding in play.
const exactPriceArb = fc.integer({ min: 1, max: 2000 }).map((h) => h * 10000);

describe('GF-2014-0171 art. 13 area difference', () => {
  it('worked example beyond +3 %: buyer pays up to 3 %, seller bears the rest', () => {
    // 100.00 → 105.00 m² at 10 000 yuan/m²: +5 %, buyer pays 3 m², seller bears 2 m².
    const s = settle('100.00', '105.00', '10000');
    expect(s).toMatchObject({
      ratioPercent: '+5.00%',
      withinTolerance: false,
      buyerMayTerminate: true,
      contractedPriceFen: 100_000_000,
      buyerPaysFen: 3_000_000,
      sellerBearsFen: 2_000_000,
      refundFen: 0,
      settledPriceFen: 103_000_000,
    });
    expect(s.explanation).toContain('由出卖人承担');
  });

  it('worked example beyond −3 %: part beyond refunded double', () => {
    // 100.00 → 95.00 m²: refund 3 m² once and 2 m² twice = 7 m² worth.
    const s = settle(10000, 9500, 1_000_000);
    expect(s).toMatchObject({
      ratioPercent: '-5.00%',
      refundFen: 7_000_000,
      beyondShortfallFen: 2_000_000,
      settledPriceFen: 93_000_000,
    });
    expect(s.explanation).toContain('双倍返还');
  });

  it('exactly ±3 % is within (含3%)', () => {
    expect(settle('100', '103', '10000')).toMatchObject({
      withinTolerance: true,
      buyerPaysFen: 3_000_000,
      sellerBearsFen: 0,
    });
    expect(settle('100', '97', '10000')).toMatchObject({ withinTolerance: true, refundFen: 3_000_000 });
    expect(settle('100', '103.01', '10000').withinTolerance).toBe(false);
    expect(settle('100', '96.99', '10000').withinTolerance).toBe(false);
  });

  it('within 3 % the price is measured area × unit price', () => {
    fc.assert(
      fc.property(areaArb, fc.integer({ min: -300, max: 300 }), priceArb, (c, permille10, p) => {
        const m = c + Math.trunc((c * permille10) / 10000); // within ±3 %
        const s = settle(c, m, p);
        expect(s.withinTolerance).toBe(true);
        expect(s.settledPriceFen).toBe(s.measuredPriceFen);
        expect(s.measuredPriceFen).toBe(Math.round((m * p) / 100));
      }),
    );
  });

  it('amounts are never negative and totals conserve', () => {
    fc.assert(
      fc.property(areaArb, areaArb, priceArb, (c, m, p) => {
        const s = settle(c, m, p);
        for (const k of ['buyerPaysFen', 'sellerBearsFen', 'refundFen', 'beyondShortfallFen'] as const)
          expect(s[k]).toBeGreaterThanOrEqual(0);
        if (m >= c) {
          expect(s.refundFen).toBe(0);
          expect(s.buyerPaysFen + s.sellerBearsFen).toBe(s.measuredPriceFen - s.contractedPriceFen);
        } else {
          expect(s.buyerPaysFen + s.sellerBearsFen).toBe(0);
          expect(s.refundFen).toBe(s.contractedPriceFen - s.measuredPriceFen + s.beyondShortfallFen);
        }
        expect(s.settledPriceFen).toBe(s.contractedPriceFen + s.buyerPaysFen - s.refundFen);
        // The buyer never pays for more than +3 %.
        expect(s.settledPriceFen).toBeLessThanOrEqual(s.contractedPriceFen + Math.round((c * p * 3) / 10000) + 1);
        expect(s.buyerMayTerminate).toBe(!s.withinTolerance);
      }),
    );
  });

  it('symmetry: a shortfall of d refunds what an excess of d charges, plus the doubled part', () => {
    fc.assert(
      fc.property(areaArb, fc.integer({ min: 1, max: 1000 }), exactPriceArb, (c, d, p) => {
        fc.pre(d < c);
        const up = settle(c, c + d, p);
        const down = settle(c, c - d, p);
        expect(up.withinTolerance).toBe(down.withinTolerance);
        expect(down.refundFen).toBe(up.buyerPaysFen + 2 * up.sellerBearsFen);
      }),
    );
  });

  it('monotone: a larger measured area never lowers the settled price', () => {
    fc.assert(
      fc.property(areaArb, areaArb, areaArb, exactPriceArb, (c, a, b, p) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(settle(c, lo, p).settledPriceFen).toBeLessThanOrEqual(settle(c, hi, p).settledPriceFen);
      }),
    );
  });

  it('reports bad input at its field, in Chinese', () => {
    const r = settleAreaDifference(
      { basis: 'INTERIOR', contractedArea: '89.375', measuredArea: 0, unitPrice: 'abc' },
      'areas.',
    );
    expect(r.ok ? [] : r.violations.map((v) => [v.field, v.code])).toEqual([
      ['areas.contractedArea', 'DECIMAL_FORMAT'],
      ['areas.measuredArea', 'MUST_BE_POSITIVE'],
      ['areas.unitPrice', 'DECIMAL_FORMAT'],
    ]);
    expect(r.ok ? '' : r.violations[0].message).toContain('套内建筑面积');
  });

  it('parseDecimal avoids float error', () => {
    expect(parseDecimal('89.37')).toBe(8937);
    expect(parseDecimal('0.1')).toBe(10);
    expect(parseDecimal('1,234.5')).toBe(123450);
    expect(parseDecimal('-1')).toBeNull();
    expect(parseDecimal('1.234')).toBeNull();
  });
});
