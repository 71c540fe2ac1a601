import { reflect101 } from './reflect-101';

describe('reflect101', () => {
  it('mirrors without repeating the edge sample', () => {
    expect([-2, -1, 0, 4, 5, 6].map((i) => reflect101(i, 5))).toEqual([2, 1, 0, 4, 3, 2]);
  });
  it('keeps a one-sample line on itself', () => {
    expect([-1, 0, 1].map((i) => reflect101(i, 1))).toEqual([0, 0, 0]);
  });
  it('handles two samples', () => {
    expect([-1, 2].map((i) => reflect101(i, 2))).toEqual([1, 0]);
  });
});
