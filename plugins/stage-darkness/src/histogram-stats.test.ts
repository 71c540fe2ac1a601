import { histogramStats } from './histogram-stats';
import { lumaHistogram } from './luma-histogram';

const hist = (values: number[]) => lumaHistogram({ width: values.length, height: 1, channels: 1, data: Uint8Array.from(values) });

describe('histogramStats', () => {
  it('gives nearest-rank percentiles and the mean', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const s = histogramStats(hist(values));
    expect(s).toMatchObject({ mean: 49.5, p05: 4, p50: 49, p95: 94 });
  });
  it('interpolates the median inside its bin', () => {
    expect(histogramStats(hist([10, 10, 10, 10])).level).toBeCloseTo(9.5 + 0.5, 9);
    expect(histogramStats(hist([10, 20])).level).toBeCloseTo(10.5, 9);
  });
  it('is all zero for an empty view and finite for a uniform one', () => {
    expect(histogramStats(new Uint32Array(256))).toEqual({ mean: 0, p05: 0, p50: 0, p95: 0, level: 0 });
    expect(histogramStats(hist([0, 0, 0]))).toMatchObject({ mean: 0, p50: 0 });
    expect(histogramStats(hist([255]))).toMatchObject({ p05: 255, p95: 255 });
  });
  it('reads the first channel of an RGB view', () => {
    const h = lumaHistogram({ width: 2, height: 1, channels: 3, data: Uint8Array.from([7, 0, 0, 9, 0, 0]) });
    expect(h[7] + h[9]).toBe(2);
  });
  it.each([[1], [3]] as const)('counts every sample of a view with %i channel(s), whatever its length', (channels) => {
    for (const n of [0, 1, 5, 4099]) {
      const data = Uint8Array.from({ length: n * channels }, (_, i) => (i * 37 + (i >> 3)) & 255);
      const plain = new Array<number>(256).fill(0);
      for (let p = 0; p < n; p++) plain[data[p * channels]]++;
      expect(Array.from(lumaHistogram({ width: n, height: 1, channels, data }))).toEqual(plain);
    }
  });
});
