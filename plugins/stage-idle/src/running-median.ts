/**
 * Running median of odd length `window`, centred; the window shrinks symmetrically at the ends (so the first and
 * last values are kept). Non-finite values take part as +Infinity.
 */
export function runningMedian(values: readonly number[], window: number): number[] {
  if (!Number.isInteger(window) || window < 1 || window % 2 === 0) throw new Error(`runningMedian: window must be a positive odd integer, got ${window}`);
  const half = (window - 1) / 2;
  const n = values.length;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const h = Math.min(half, i, n - 1 - i);
    const w = values.slice(i - h, i + h + 1).map((v) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v));
    w.sort((a, b) => a - b);
    out[i] = w[h];
  }
  return out;
}
