import { blockMeans, type BlockGrid } from './block-grid';
import { contentDistance, MAX_BLOCK_NOISE, type ContentDistance } from './content-distance';
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

/**
 * The definition written out plainly: the median by sorting, all three fit rounds, the binned Q25 by sorting,
 * every 2x2 window summed block by block. The fast path (lattice counting, a fit that stops once its inliers
 * repeat, unrolled windows) must give the same numbers bit for bit.
 */
function reference(a: BlockGrid, b: BlockGrid, noiseFloor: number): ContentDistance {
  const n = a.means.length;
  const x = a.means;
  const y = b.means;
  const sorted = (v: number[]) => [...v].sort((p, q) => p - q);
  const q25 = (r: number[]) => {
    const v = sorted(r.map(Math.abs))[Math.floor(n / 4)];
    return (v * 1024 < 4096 ? (Math.floor(v * 1024) + 0.5) / 1024 : v) / 0.3186;
  };
  let gain = 1;
  let offset = sorted(Array.from(x, (xi, i) => y[i] - xi))[n >> 1];
  let r = Array.from(x, (xi, i) => y[i] - xi - offset);
  for (let round = 0; round < 3; round++) {
    const limit = 4 * Math.max(q25(r), 1e-9);
    let [m, sx, sy, sxx, sxy] = [0, 0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      if (Math.abs(r[i]) >= limit) continue;
      [m, sx, sy, sxx, sxy] = [m + 1, sx + x[i], sy + y[i], sxx + x[i] * x[i], sxy + x[i] * y[i]];
    }
    if (m < 2) break;
    const vx = sxx - (sx * sx) / m;
    gain = vx > 1e-9 * m ? (sxy - (sx * sy) / m) / vx : 1;
    offset = vx > 1e-9 * m ? (sy - gain * sx) / m : (sy - sx) / m;
    r = Array.from(x, (xi, i) => y[i] - (gain * xi + offset));
  }
  const noise = q25(r);
  const [kw, kh] = [Math.min(2, a.width), Math.min(2, a.height)];
  let best = 0;
  for (let wy = 0; wy + kh <= a.height; wy++) {
    for (let wx = 0; wx + kw <= a.width; wx++) {
      let s = 0;
      for (let dy = 0; dy < kh; dy++) for (let dx = 0; dx < kw; dx++) s += Math.abs(r[(wy + dy) * a.width + wx + dx]);
      best = Math.max(best, s);
    }
  }
  const peak = best / (kw * kh);
  return { z: noise > MAX_BLOCK_NOISE ? Number.POSITIVE_INFINITY : peak / Math.max(noise, noiseFloor), peak, noise, gain, offset };
}

describe('the fast path', () => {
  const pairs: [string, BlockGrid, BlockGrid][] = [
    ['identical', grid({ square, noise: 3, seed: 1 }), grid({ square, noise: 3, seed: 1 })],
    ['fresh noise', grid({ square, noise: 3, seed: 1 }), grid({ square, noise: 3, seed: 2 })],
    ['exposure change', grid({ square, noise: 2, seed: 3 }), grid({ square, noise: 2, seed: 4, gain: 0.7, offset: 5 })],
    ['moved square', grid({ square, noise: 3, seed: 1 }), grid({ square: { ...square, x: 140 }, noise: 3, seed: 5 })],
    ['noiseless', grid({ square }), grid({ square: { ...square, level: 200 } })],
    ['one block wide', blockMeans(picture({ width: 1, height: 64, noise: 3 }), 1, 64), blockMeans(picture({ width: 1, height: 64, noise: 3, seed: 2 }), 1, 64)],
    ['one block high', blockMeans(picture({ width: 64, height: 1, noise: 3 }), 64, 1), blockMeans(picture({ width: 64, height: 1, noise: 3, seed: 2 }), 64, 1)],
  ];
  // Means off the 1/64 lattice (a grid built by hand) take the selection path for the median.
  const off = grid({ square, noise: 3, seed: 6 });
  pairs.push(['off the lattice', { ...off, means: off.means.map((m, i) => m + ((i * 0.37) % 0.01)) }, grid({ square, noise: 3, seed: 7 })]);

  it.each(pairs)('equals the plain definition bit for bit: %s', (_name, a, b) => {
    const fast = contentDistance(a, b, 0.05);
    const plain = reference(a, b, 0.05);
    for (const k of ['z', 'peak', 'noise', 'gain', 'offset'] as const) expect(Object.is(fast[k], plain[k])).toBe(true);
  });
});
