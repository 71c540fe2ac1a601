import { blockMeans } from './block-grid';
import { contentDistance } from './content-distance';
import { picture, type Scene } from './testing/test-pictures';

const W = 256;
const H = 144;
const grid = (s: Partial<Scene>) => blockMeans(picture({ width: W, height: H, ...s }), W, H);
const square = { x: 100, y: 50, side: 20, level: 30 };

describe('contentDistance', () => {
  it('is 0 for identical pictures', () => {
    const a = grid({ square, noise: 3, seed: 1 });
    expect(contentDistance(a, a, 0.05).z).toBe(0);
  });

  it('stays within the noise for fresh noise on the same scene', () => {
    const d = contentDistance(grid({ square, noise: 3, seed: 1 }), grid({ square, noise: 3, seed: 2 }), 0.05);
    expect(d.z).toBeLessThan(3.4);
  });

  it('fits an exposure change away', () => {
    const d = contentDistance(grid({ square, noise: 3, seed: 1 }), grid({ square, noise: 3, seed: 2, gain: 0.7, offset: 5 }), 0.05);
    expect(d.gain).toBeCloseTo(0.7, 1);
    expect(d.z).toBeLessThan(3.4);
  });

  it('sees a small object move by one view pixel', () => {
    const d = contentDistance(grid({ square, noise: 3, seed: 1 }), grid({ square: { ...square, x: square.x + 1 }, noise: 3, seed: 2 }), 0.05);
    expect(d.z).toBeGreaterThan(5);
  });

  it('cannot compare grids of different sizes', () => {
    const small = blockMeans(picture({ width: 128, height: 128 }), 128, 128);
    expect(contentDistance(grid({}), small, 0.05).z).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('different scenes', () => {
  it('are infinitely far apart, even though their residuals are uniformly large', () => {
    const scene = (seed: number) => {
      let s = seed;
      const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
      const means = new Float64Array(64 * 36).map(() => 40 + rand() * 160);
      return { width: 64, height: 36, means };
    };
    expect(contentDistance(scene(1), scene(2), 0.05).z).toBe(Number.POSITIVE_INFINITY);
  });
});
