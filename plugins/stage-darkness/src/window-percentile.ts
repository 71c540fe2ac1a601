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
  const sorted: number[] = [];
  let lo = 0;
  let hi = 0; // window is values[lo, hi)
  for (let i = 0; i < n; i++) {
    const start = Math.max(0, Math.min(i - half, n - len));
    while (hi < start + len) insertSorted(sorted, values[hi++]);
    while (lo < start) removeSorted(sorted, values[lo++]);
    out[i] = quantileOfSorted(sorted, percentile / 100);
  }
  return out;
}

function lowerBound(sorted: readonly number[], x: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (sorted[m] < x) a = m + 1;
    else b = m;
  }
  return a;
}

function insertSorted(sorted: number[], x: number): void {
  sorted.splice(lowerBound(sorted, x), 0, x);
}

function removeSorted(sorted: number[], x: number): void {
  sorted.splice(lowerBound(sorted, x), 1);
}

/** Linearly interpolated quantile (0..1) of an ascending, non-empty list. */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const f = pos - i;
  return i + 1 < sorted.length ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i];
}
