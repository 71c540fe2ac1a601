import { idleIntervals, type MotionStep } from './idle-intervals';

const steps = (zs: number[], indices?: number[]): MotionStep[] => {
  const idx = indices ?? zs.map((_, i) => i + 1);
  return zs.map((z, i) => ({ from: i === 0 ? idx[0] - 1 : idx[i - 1], to: idx[i], z, smoothed: z }));
};

describe('idleIntervals', () => {
  it('makes an interval of a long still run, from the frame before its first still step', () => {
    const zs = [9, 9, ...Array(25).fill(1.7), 9];
    expect(idleIntervals(steps(zs), 3.4, 20)).toEqual([[2, 27, 0.5]]);
  });
  it('drops short runs', () => {
    expect(idleIntervals(steps([9, ...Array(10).fill(1), 9]), 3.4, 20)).toEqual([]);
  });
  it('bridges a gap in the numbering', () => {
    const idx = Array.from({ length: 20 }, (_, i) => (i < 10 ? i + 1 : i + 3));
    const out = idleIntervals(steps(Array(20).fill(0), idx), 3.4, 20);
    expect(out).toEqual([[0, 22, 1]]);
  });
});
