import { runningMedian } from './running-median';

describe('runningMedian', () => {
  it('removes one-step spikes and lulls and keeps edges and ends', () => {
    expect(runningMedian([9, 1, 1, 9, 1, 1, 9, 9, 1, 9, 9], 3)).toEqual([9, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9]);
  });
  it('treats NaN as +Infinity and rejects even windows', () => {
    expect(runningMedian([1, Number.NaN, Number.NaN], 3)).toEqual([1, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(() => runningMedian([1], 2)).toThrow(/positive odd integer, got 2/);
  });
});
