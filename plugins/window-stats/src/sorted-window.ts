/**
 * A multiset of numbers kept in ascending order, for order statistics over a sliding window: `add` and `remove`
 * are a binary search and a move (O(window)), `quantile` is O(1).
 */
export class SortedWindow {
  readonly #sorted: number[] = [];

  get size(): number {
    return this.#sorted.length;
  }

  add(x: number): void {
    this.#sorted.splice(this.#lowerBound(x), 0, x);
  }

  /** Removes one copy of `x` (which must have been added). */
  remove(x: number): void {
    this.#sorted.splice(this.#lowerBound(x), 1);
  }

  /** Linearly interpolated quantile (0..1) of a non-empty window, as numpy's default; 0.5 is the median. */
  quantile(q: number): number {
    return quantileOfSorted(this.#sorted, q);
  }

  #lowerBound(x: number): number {
    const s = this.#sorted;
    let a = 0;
    let b = s.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (s[m] < x) a = m + 1;
      else b = m;
    }
    return a;
  }
}

/** Linearly interpolated quantile (0..1) of an ascending, non-empty list. */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const f = pos - i;
  return i + 1 < sorted.length ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i];
}
