import { SortedWindow } from '@winnow/window-stats';

/**
 * For each position of a series, the `percentile`-th (0..100, linear interpolation between order statistics,
 * as numpy's default) of the values in a window of `2 * half + 1` positions around it, itself included.
 * Near either end the window slides inward to keep its full length where the series is long enough, so the
 * first frames of a stream are judged against as many frames as any other. A series shorter than the window
 * uses all of it. Runs in O(n * window) with one sorted window updated incrementally.
 */
export function windowPercentiles(values: readonly number[], half: number, percentile: number): number[] {
  const n = values.length;
  const len = Math.min(n, 2 * half + 1);
  const out: number[] = new Array(n);
  if (n === 0) return out;
  const window = new SortedWindow();
  let lo = 0;
  let hi = 0; // window is values[lo, hi)
  for (let i = 0; i < n; i++) {
    const start = Math.max(0, Math.min(i - half, n - len));
    while (hi < start + len) window.add(values[hi++]);
    while (lo < start) window.remove(values[lo++]);
    out[i] = window.quantile(percentile / 100);
  }
  return out;
}
