import { median, neighbourMedians, precedingMedians } from './neighbour-reference';

describe('neighbourMedians', () => {
  it('excludes the frame itself', () => {
    expect(neighbourMedians([1, 100, 1], 1, 1)).toEqual([50.5, 1, 50.5]);
  });
  it('keeps the full neighbour count at the ends', () => {
    const v = [10, 1, 2, 3, 4, 5, 6];
    // i = 0 with half 2: neighbours are positions 1..4
    expect(neighbourMedians(v, 2, 1)[0]).toBe(2.5);
    expect(neighbourMedians(v, 2, 1)[6]).toBe(3.5);
  });
  it('is null when the stream is too short', () => {
    expect(neighbourMedians([1, 2, 3], 10, 4)).toEqual([null, null, null]);
    expect(neighbourMedians([], 10, 1)).toEqual([]);
    expect(neighbourMedians([5], 10, 1)).toEqual([null]);
  });
  it('survives a run of outliers shorter than the window', () => {
    const v = Array.from({ length: 40 }, (_, i) => (i >= 15 && i < 23 ? 0.1 : 1));
    const refs = neighbourMedians(v, 10, 4);
    expect(refs.every((r) => r === 1)).toBe(true);
  });
});

describe('median', () => {
  it('averages the middle pair', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
  });
});

describe('precedingMedians', () => {
  it('is the median of up to `reach` values before each position (after it, reversed), itself excluded', () => {
    const v = [5, 1, 9, 3, 7];
    expect(precedingMedians(v, 3, 1)).toEqual([null, 5, 3, 5, 3]);
    expect(precedingMedians(v, 2, 1, true)).toEqual([5, 6, 5, 7, null]);
  });
  it('is null until `minValues` values precede', () => {
    expect(precedingMedians([1, 2, 3, 4], 10, 3)).toEqual([null, null, null, 2]);
  });
});
