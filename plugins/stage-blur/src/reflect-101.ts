/**
 * Index of `i` mirrored into `[0, n)` without repeating the edge sample (OpenCV's BORDER_REFLECT_101:
 * `gfedcb|abcdefgh|gfedcba`). A line of one sample mirrors onto itself.
 */
export function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let j = i % period;
  if (j < 0) j += period;
  return j < n ? j : period - j;
}

/** Previous and next index of every position of a line of `n` samples under reflect-101. */
export function neighbourTables(n: number): { readonly prev: Int32Array; readonly next: Int32Array } {
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    prev[i] = reflect101(i - 1, n);
    next[i] = reflect101(i + 1, n);
  }
  return { prev, next };
}
