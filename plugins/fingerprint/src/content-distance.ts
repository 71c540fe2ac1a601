import { BLOCK_SCALE, type BlockGrid } from './block-grid';
import { selectKth } from './select';

/** Q25 of |N(0, s)| is 0.3186 s: a noise scale that ignores up to 75% of blocks changed by motion. */
const Q25_HALF_NORMAL = 0.3186;
/** Residuals beyond this many noise scales are left out of the exposure fit. */
const INLIER_SCALES = 4;
const FIT_ROUNDS = 3;

export interface ContentDistance {
  /** Largest mean |residual| over 2x2 blocks, in noise scales: the change no exposure change explains. */
  readonly z: number;
  /** Largest mean |residual| over 2x2 blocks, in grey levels. */
  readonly peak: number;
  /** Noise scale of the block residuals, in grey levels (Q25 of |residual| / 0.3186). */
  readonly noise: number;
  /** Fitted exposure change b ~ gain * a + offset. */
  readonly gain: number;
  readonly offset: number;
}

/**
 * How differently two frames of one fixed camera show the scene, as a pure function of their block grids:
 * 1. residual r = b - (gain a + offset), the exposure change fitted by least squares over the blocks whose
 *    residual is within 4 noise scales (3 rounds, starting from the median offset with gain 1);
 * 2. noise = Q25(|r|) / 0.3186 (Q25 read at 1/1024 grey level: the centre of its histogram bin);
 * 3. peak = max over every 2x2 window of blocks of the mean |r|;
 * 4. z = peak / max(noise, noiseFloor).
 * Sensor noise and re-encoding give z of about 1.5-3; an object moving a pixel or two gives more.
 * Grids of different sizes cannot be compared: z is +Infinity. So are two different scenes: when the residual
 * scale itself is beyond what noise on block means can be (`MAX_BLOCK_NOISE` grey levels; each block mean
 * averages hundreds of sensor pixels, so real noise stays near 1), the pictures differ everywhere, and a
 * ratio of two large numbers must not pass for a small z.
 */
export function contentDistance(a: BlockGrid, b: BlockGrid, noiseFloor: number, scratch?: Float64Array): ContentDistance {
  if (a.width !== b.width || a.height !== b.height) return { z: Number.POSITIVE_INFINITY, peak: Number.POSITIVE_INFINITY, noise: 0, gain: 1, offset: 0 };
  const n = a.means.length;
  const x = a.means;
  const y = b.means;
  const r = residuals(n);
  const tmp = scratch && scratch.length >= n ? scratch : new Float64Array(n);
  let gain = 1;
  let offset = medianDifference(x, y, n, tmp);
  // Each pass that sets the residuals also fills the |r| histogram the next noise scale is read from.
  hist.fill(0);
  for (let i = 0; i < n; i++) r[i] = histogrammed(y[i] - x[i] - offset);
  const inliers = inlierMask(n);
  for (let round = 0; round < FIT_ROUNDS; round++) {
    const limit = INLIER_SCALES * Math.max(scaleOf(r, n, tmp), 1e-9);
    let m = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    let changed = round === 0 ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const inlier = Math.abs(r[i]) < limit ? 1 : 0;
      changed |= inlier ^ inliers[i];
      inliers[i] = inlier;
      if (inlier === 0) continue;
      m++;
      sx += x[i];
      sy += y[i];
      sxx += x[i] * x[i];
      sxy += x[i] * y[i];
    }
    if (m < 2) break;
    // The same inliers as the round before give the same sums, so the same fit and residuals as now: every
    // round left would repeat this one, and stopping here gives exactly the result of running them all.
    if (changed === 0) break;
    const vx = sxx - (sx * sx) / m;
    if (vx > 1e-9 * m) {
      gain = (sxy - (sx * sy) / m) / vx;
      offset = (sy - gain * sx) / m;
    } else {
      gain = 1;
      offset = (sy - sx) / m;
    }
    hist.fill(0);
    for (let i = 0; i < n; i++) r[i] = histogrammed(y[i] - (gain * x[i] + offset));
  }
  const noise = scaleOf(r, n, tmp);
  const peak = peakWindowMean(r, a.width, a.height, tmp);
  const z = noise > MAX_BLOCK_NOISE ? Number.POSITIVE_INFINITY : peak / Math.max(noise, noiseFloor);
  return { z, peak, noise, gain, offset };
}

/** Largest residual scale (grey levels of a block mean) that sensor noise and re-encoding can explain. */
export const MAX_BLOCK_NOISE = 6;

/** Resolution of the |residual| histogram the Q25 is read from: 1/1024 grey level, up to 4 grey levels. */
const HIST_STEP = 1024;
const HIST_BINS = 4 * HIST_STEP;
const hist = new Uint32Array(HIST_BINS);

/** Residual buffer reused across calls (the function is synchronous). */
let residualBuffer = new Float64Array(0);
function residuals(n: number): Float64Array {
  if (residualBuffer.length < n) residualBuffer = new Float64Array(n);
  return residualBuffer;
}

/** Which blocks the last fit round used (1) or left out (0), reused across calls. */
let inlierBuffer = new Uint8Array(0);
function inlierMask(n: number): Uint8Array {
  if (inlierBuffer.length < n) inlierBuffer = new Uint8Array(n);
  return inlierBuffer;
}

/** Counts `v` in the |r| histogram and returns it (`bin | 0` is the floor of a non-negative bin below 2^31). */
function histogrammed(v: number): number {
  const bin = Math.abs(v) * HIST_STEP;
  if (bin < HIST_BINS) hist[bin | 0]++;
  return v;
}

/** Differences of two block means, in 1/64 grey levels, span -255 x 64 .. 255 x 64. */
const LATTICE_SPAN = 255 * BLOCK_SCALE;
const latticeCounts = new Uint32Array(2 * LATTICE_SPAN + 1);
let latticeBuffer = new Int32Array(0);

/**
 * The median (the (n >> 1)-th smallest) of y - x. Block means lie on the 1/64 grey-level lattice, so their
 * differences are integers in 1/64 steps: counted over the range they span, which is exact and several times
 * faster than a selection. Means off the lattice or out of range fall back to a selection.
 */
function medianDifference(x: Float64Array, y: Float64Array, n: number, tmp: Float64Array): number {
  if (latticeBuffer.length < n) latticeBuffer = new Int32Array(n);
  const q = latticeBuffer;
  let lo = 2 * LATTICE_SPAN;
  let hi = 0;
  let onLattice = true;
  for (let i = 0; i < n; i++) {
    const f = (y[i] - x[i]) * BLOCK_SCALE + LATTICE_SPAN;
    const v = f | 0;
    if (v !== f || v < 0 || v > 2 * LATTICE_SPAN) onLattice = false;
    q[i] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!onLattice) {
    for (let i = 0; i < n; i++) tmp[i] = y[i] - x[i];
    return selectKth(tmp, n, n >> 1);
  }
  latticeCounts.fill(0, lo, hi + 1);
  for (let i = 0; i < n; i++) latticeCounts[q[i]]++;
  const k = n >> 1;
  let seen = 0;
  let v = lo;
  for (; v < hi; v++) {
    seen += latticeCounts[v];
    if (seen > k) break;
  }
  return (v - LATTICE_SPAN) / BLOCK_SCALE;
}

/**
 * Q25(|r|) / 0.3186, from the histogram the pass that set `r` filled: read at 1/1024 grey level (the bin's
 * centre), which costs O(bins) instead of a selection; an exact selection when the quantile lies beyond 4 grey
 * levels.
 */
function scaleOf(r: Float64Array, n: number, tmp: Float64Array): number {
  const k = Math.floor(n / 4);
  let seen = 0;
  for (let b = 0; b < HIST_BINS; b++) {
    seen += hist[b];
    if (seen > k) return (b + 0.5) / HIST_STEP / Q25_HALF_NORMAL;
  }
  for (let i = 0; i < n; i++) tmp[i] = Math.abs(r[i]);
  return selectKth(tmp, n, k) / Q25_HALF_NORMAL;
}

/** Max over 2x2 windows of mean |r| (a 1-block-wide grid uses 1x2 or 1x1 windows). */
function peakWindowMean(r: Float64Array, w: number, h: number, abs: Float64Array): number {
  const kw = Math.min(2, w);
  const kh = Math.min(2, h);
  let best = 0;
  if (kw === 2 && kh === 2) {
    // The usual grid, unrolled; each window sums its four blocks in the order of the general loop below.
    for (let p = 0; p < (h - 1) * w; p += w) {
      for (let q = p; q < p + w - 1; q++) {
        const s = Math.abs(r[q]) + Math.abs(r[q + 1]) + Math.abs(r[q + w]) + Math.abs(r[q + w + 1]);
        if (s > best) best = s;
      }
    }
    return best / 4;
  }
  for (let i = 0; i < w * h; i++) abs[i] = Math.abs(r[i]);
  for (let y = 0; y + kh <= h; y++) {
    for (let x = 0; x + kw <= w; x++) {
      let s = 0;
      for (let dy = 0; dy < kh; dy++) for (let dx = 0; dx < kw; dx++) s += abs[(y + dy) * w + x + dx];
      if (s > best) best = s;
    }
  }
  return best / (kw * kh);
}
