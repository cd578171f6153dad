import { describe, expect, it } from 'vitest';
import { compare, isMatch, meanEmbedding } from './match';

describe('compare', () => {
  it('is 1 for the same descriptor and symmetric', () => {
    const a = [0.1, 0.5, 0, 2];
    const b = [0.3, 0.1, 1, 0.2];
    expect(compare(a, a)).toBeCloseTo(1, 10);
    expect(compare(a, b)).toBeCloseTo(compare(b, a), 12);
  });

  it('ignores the descriptor length (image quality), not its direction', () => {
    const a = [0.1, 0.5, 0, 2];
    expect(
      compare(
        a,
        a.map((x) => x * 3),
      ),
    ).toBeCloseTo(1, 10);
  });

  it('is 0 for orthogonal, empty or mismatched descriptors', () => {
    expect(compare([1, 0], [0, 1])).toBe(0);
    expect(compare([], [])).toBe(0);
    expect(compare([1, 2], [1, 2, 3])).toBe(0);
    expect(compare([0, 0], [1, 1])).toBe(0);
  });

  it('isMatch holds the score against the threshold, inclusive', () => {
    expect(isMatch(0.55, { match: 0.55 })).toBe(true);
    expect(isMatch(0.549, { match: 0.55 })).toBe(false);
  });

  it('meanEmbedding averages element-wise', () => {
    expect(
      meanEmbedding([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual([2, 3]);
    expect(meanEmbedding([])).toEqual([]);
  });
});
