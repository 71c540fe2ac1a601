import type { CocoRle } from './schema';

/**
 * Binary mask (row-major, one byte per pixel, non-zero = object) to COCO RLE: runs over the column-major
 * (Fortran) order, starting with a run of background, counts compressed exactly as pycocotools' rleToString.
 */
export function encodeRle(mask: Uint8Array, width: number, height: number): CocoRle {
  if (mask.length !== width * height) throw new RangeError(`mask has ${mask.length} pixels, expected ${width}x${height}`);
  return { size: [height, width], counts: countsToString(maskRuns(mask, width, height)) };
}

/** Uncompressed runs in column-major order, first run background (possibly 0). */
export function maskRuns(mask: Uint8Array, width: number, height: number): number[] {
  const runs: number[] = [];
  let current = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = mask[y * width + x] ? 1 : 0;
      if (v !== current) {
        runs.push(run);
        run = 0;
        current = v;
      }
      run++;
    }
  }
  runs.push(run);
  return runs;
}

/** COCO RLE back to a row-major binary mask. */
export function decodeRle(rle: CocoRle): Uint8Array {
  const [height, width] = rle.size;
  const runs = stringToCounts(rle.counts);
  const mask = new Uint8Array(width * height);
  let p = 0;
  let v = 0;
  for (const r of runs) {
    if (v) {
      for (let k = p; k < p + r; k++) mask[(k % height) * width + Math.floor(k / height)] = 1;
    }
    p += r;
    v ^= 1;
  }
  if (p !== width * height) throw new RangeError(`RLE covers ${p} pixels, its size ${height}x${width} has ${width * height}`);
  return mask;
}

/** Foreground pixel count of an RLE. */
export function rleArea(rle: CocoRle): number {
  const runs = stringToCounts(rle.counts);
  let a = 0;
  for (let i = 1; i < runs.length; i += 2) a += runs[i];
  return a;
}

/** pycocotools' rleToString: delta against the run two back (from the third on), 5-bit groups, +48. */
export function countsToString(counts: readonly number[]): string {
  let s = '';
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x >>= 5;
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      s += String.fromCharCode(c + 48);
    }
  }
  return s;
}

/** pycocotools' rleFrString. */
export function stringToCounts(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw new RangeError('RLE counts string ends inside a number');
      const c = s.charCodeAt(p) - 48;
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x |= -1 << (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}
