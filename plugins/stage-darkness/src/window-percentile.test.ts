import { quantileOfSorted } from '@winnow/window-stats';
import { windowPercentiles } from './window-percentile';

/** Direct computation, for comparison. */
function naive(values: number[], half: number, p: number): number[] {
  const n = values.length;
  const len = Math.min(n, 2 * half + 1);
  return values.map((_, i) => {
    const start = Math.max(0, Math.min(i - half, n - len));
    return quantileOfSorted(values.slice(start, start + len).sort((a, b) => a - b), p / 100);
  });
}

describe('windowPercentiles', () => {
  it('matches the direct computation, ties included', () => {
    const v = Array.from({ length: 57 }, (_, i) => ((i * 31) % 17) + (i % 5 === 0 ? 3 : 0));
    for (const half of [1, 3, 10, 100]) for (const p of [0, 50, 90, 100]) expect(windowPercentiles(v, half, p)).toEqual(naive(v, half, p));
  });
  it('interpolates like numpy', () => {
    expect(quantileOfSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
  });
  it('uses the whole series when it is shorter than the window', () => {
    expect(windowPercentiles([1, 2, 3], 300, 100)).toEqual([3, 3, 3]);
    expect(windowPercentiles([], 300, 90)).toEqual([]);
  });
});
