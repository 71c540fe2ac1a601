import { measureSharpness } from './sharpness';

const view = (width: number, height: number, f: (x: number, y: number) => number, channels: 1 | 3 = 1) => {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = f(x, y);
  return { width, height, channels, data };
};

/** Deterministic texture: a few sinusoids plus hashed noise. */
const texture = (x: number, y: number) => 128 + 40 * Math.sin(x * 0.9) * Math.cos(y * 0.7) + ((x * 7919 + y * 104729) % 31) - 15;

function boxBlur(v: ReturnType<typeof view>, r: number) {
  return view(v.width, v.height, (x, y) => {
    let s = 0;
    let n = 0;
    for (let dy = -r; dy <= r; dy++)
      for (let dx = -r; dx <= r; dx++) {
        const xx = Math.min(v.width - 1, Math.max(0, x + dx));
        const yy = Math.min(v.height - 1, Math.max(0, y + dy));
        s += v.data[yy * v.width + xx];
        n++;
      }
    return Math.round(s / n);
  });
}

describe('measureSharpness', () => {
  it('scores a uniform frame 0 without NaN', () => {
    const f = measureSharpness(view(64, 48, () => 90));
    expect(f).toEqual({ score: 0, mean: 90, band: 0, noise: 0, sharpness: 0 });
  });
  it('handles tiny and odd sizes', () => {
    for (const [w, h] of [
      [1, 1],
      [1, 5],
      [3, 2],
      [17, 9],
    ]) {
      const f = measureSharpness(view(w, h, texture));
      for (const v of Object.values(f)) expect(Number.isFinite(v)).toBe(true);
    }
  });
  it('handles a black frame', () => {
    expect(measureSharpness(view(16, 16, () => 0)).sharpness).toBe(0);
  });
  it('reads luma from an RGB view', () => {
    const grey = measureSharpness(view(32, 24, texture));
    const rgb = measureSharpness(view(32, 24, texture, 3));
    expect(rgb.score).toBeCloseTo(grey.score, 6);
  });
  it('drops for a blurred copy and ignores exposure scale', () => {
    const sharp = view(96, 64, texture);
    const blurred = boxBlur(sharp, 1);
    expect(measureSharpness(blurred).sharpness).toBeLessThan(0.5 * measureSharpness(sharp).sharpness);
    const dim = view(96, 64, (x, y) => Math.round(texture(x, y) / 2));
    expect(measureSharpness(dim).sharpness / measureSharpness(sharp).sharpness).toBeGreaterThan(0.8);
  });
  it('gives the pinned variance of Laplacian as score', () => {
    // Vertical stripes 0/100: interior Laplacian is +-200, reflect-101 keeps it at the borders too.
    const f = measureSharpness(view(8, 4, (x) => (x % 2) * 100));
    expect(f.score).toBeCloseTo(200 * 200, 6);
  });
});
