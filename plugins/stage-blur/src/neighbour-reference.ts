import { SortedWindow } from '@winnow/window-stats';

/**
 * For each position of a series, the median of up to `2 * half` other values around it (itself excluded).
 * Near either end the window slides inward so that it keeps `2 * half` neighbours when the series has them.
 * `null` where fewer than `minNeighbours` neighbours exist. Positions are ranks in the series (gaps in frame
 * numbering, e.g. unreadable frames, are skipped over, not counted).
 */
export function neighbourMedians(values: readonly number[], half: number, minNeighbours: number): (number | null)[] {
  const n = values.length;
  const span = 2 * half;
  const out: (number | null)[] = new Array(n).fill(null);
  if (n - 1 < Math.max(1, minNeighbours)) return out;
  const buf: number[] = [];
  for (let i = 0; i < n; i++) {
    const count = Math.min(span, n - 1);
    let start = i - half;
    start = Math.max(0, Math.min(start, n - 1 - count));
    buf.length = 0;
    for (let j = start; buf.length < count; j++) if (j !== i) buf.push(values[j]);
    out[i] = median(buf);
  }
  return out;
}

/** Median of a non-empty list (mean of the two middle values for an even count). Sorts a copy. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}


/**
 * For each position, the median of the up to `reach` values before it (itself excluded), or null where fewer than
 * `minValues` precede it. With `reverse`, of the values after it. One sorted window updated incrementally.
 */
export function precedingMedians(values: readonly number[], reach: number, minValues: number, reverse = false): (number | null)[] {
  const n = values.length;
  const at = (k: number) => values[reverse ? n - 1 - k : k];
  const out: (number | null)[] = new Array(n).fill(null);
  const window = new SortedWindow();
  for (let k = 0; k < n; k++) {
    if (window.size >= Math.max(1, minValues)) out[reverse ? n - 1 - k : k] = window.quantile(0.5);
    window.add(at(k));
    if (window.size > reach) window.remove(at(k - reach));
  }
  return out;
}
