import { decodeEmbedding, decodeGrid, isStoredEmbedding } from '@winnow/fingerprint';
import type { FrameRecord } from '@winnow/sdk';

/** The fingerprint is the block grid pooled to at most this many cells along x and y. */
export const POOL_W = 16;
export const POOL_H = 9;

/**
 * A frame's picture as a vector that ignores exposure: its `dedup-features` grid of block means, averaged into
 * at most 16x9 cells, minus their mean, divided by their standard deviation (at least 1 grey level).
 */
export function fingerprintVector(rec: FrameRecord | undefined): Float32Array | null {
  if (!rec || typeof rec.grid !== 'string' || typeof rec.grid_w !== 'number' || typeof rec.grid_h !== 'number') return null;
  const g = decodeGrid(rec.grid_w, rec.grid_h, rec.grid);
  const pw = Math.min(POOL_W, g.width);
  const ph = Math.min(POOL_H, g.height);
  const out = new Float32Array(pw * ph);
  for (let y = 0; y < ph; y++) {
    const y0 = Math.floor((y * g.height) / ph);
    const y1 = Math.floor(((y + 1) * g.height) / ph);
    for (let x = 0; x < pw; x++) {
      const x0 = Math.floor((x * g.width) / pw);
      const x1 = Math.floor(((x + 1) * g.width) / pw);
      let sum = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += g.means[yy * g.width + xx];
      out[y * pw + x] = sum / ((x1 - x0) * (y1 - y0));
    }
  }
  let mean = 0;
  for (const v of out) mean += v;
  mean /= out.length;
  let sq = 0;
  for (const v of out) sq += (v - mean) ** 2;
  const sd = Math.max(1, Math.sqrt(sq / out.length));
  for (let i = 0; i < out.length; i++) out[i] = (out[i] - mean) / sd;
  return out;
}

/** A `clip-embed` record's unit embedding, or null. */
export function clipVector(rec: FrameRecord | undefined): Float32Array | null {
  return isStoredEmbedding(rec) ? decodeEmbedding(rec) : null;
}

/** Root mean square of the difference (vectors of different lengths are as far apart as can be). */
export function distance(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / a.length);
}
