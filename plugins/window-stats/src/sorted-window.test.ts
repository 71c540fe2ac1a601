import { SortedWindow, quantileOfSorted } from './sorted-window';

describe('SortedWindow', () => {
  it('keeps order statistics while values come and go, duplicates included', () => {
    const w = new SortedWindow();
    for (const x of [5, 1, 9, 1, 7]) w.add(x);
    expect(w.size).toBe(5);
    expect(w.quantile(0.5)).toBe(5);
    expect(w.quantile(0)).toBe(1);
    expect(w.quantile(1)).toBe(9);
    w.remove(1);
    w.remove(9);
    expect(w.quantile(0.5)).toBe(5);
    expect(w.quantile(0.25)).toBe(3);
  });
  it('interpolates like numpy', () => {
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileOfSorted([10, 20], 0.9)).toBe(19);
  });
});
