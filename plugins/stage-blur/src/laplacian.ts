import { neighbourTables } from './reflect-101';

/** A Laplacian response with the sums its statistics need, gathered in the same pass. */
export interface LaplacianResult {
  readonly response: Int32Array;
  /** Sum of the input samples. */
  readonly inputSum: number;
  /** Sum and sum of squares of the response. */
  readonly sum: number;
  readonly squares: number;
}

/**
 * 4-neighbour Laplacian `[0 1 0; 1 -4 1; 0 1 0]` with a reflect-101 border (as `cv2.Laplacian(ksize=1)`).
 * `src` is `width * height` integer samples, rows top to bottom; the result has the same layout and is exact
 * (integers in, integers out), so applying it twice is exact too, and so are the sums (below 2^53).
 * `out` (at least `width * height` long, not `src`) may be passed to reuse a buffer.
 */
export function laplacian4(src: Uint8Array | Int32Array, width: number, height: number, out: Int32Array = new Int32Array(width * height)): LaplacianResult {
  // Two monomorphic copies of one loop: V8 keeps each fast only while it sees one array type.
  return src instanceof Uint8Array ? laplacianU8(src, width, height, out) : laplacianI32(src, width, height, out);
}

function laplacianU8(src: Uint8Array, width: number, height: number, out: Int32Array): LaplacianResult {
  const { prev: xl, next: xr } = neighbourTables(width);
  const { prev: yu, next: yd } = neighbourTables(height);
  let inputSum = 0;
  let sum = 0;
  let squares = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const up = yu[y] * width;
    const down = yd[y] * width;
    // Interior without the reflect tables (the hot path), then the two border columns through them.
    for (let x = 1; x < width - 1; x++) {
      const p = row + x;
      const c = src[p];
      const v = src[up + x] + src[down + x] + src[p - 1] + src[p + 1] - 4 * c;
      out[p] = v;
      inputSum += c;
      sum += v;
      squares += v * v;
    }
    for (let x = 0; x < width; x += Math.max(1, width - 1)) {
      const p = row + x;
      const c = src[p];
      const v = src[up + x] + src[down + x] + src[row + xl[x]] + src[row + xr[x]] - 4 * c;
      out[p] = v;
      inputSum += c;
      sum += v;
      squares += v * v;
    }
  }
  return { response: out, inputSum, sum, squares };
}

function laplacianI32(src: Int32Array, width: number, height: number, out: Int32Array): LaplacianResult {
  const { prev: xl, next: xr } = neighbourTables(width);
  const { prev: yu, next: yd } = neighbourTables(height);
  let inputSum = 0;
  let sum = 0;
  let squares = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const up = yu[y] * width;
    const down = yd[y] * width;
    // Interior without the reflect tables (the hot path), then the two border columns through them.
    for (let x = 1; x < width - 1; x++) {
      const p = row + x;
      const c = src[p];
      const v = src[up + x] + src[down + x] + src[p - 1] + src[p + 1] - 4 * c;
      out[p] = v;
      inputSum += c;
      sum += v;
      squares += v * v;
    }
    for (let x = 0; x < width; x += Math.max(1, width - 1)) {
      const p = row + x;
      const c = src[p];
      const v = src[up + x] + src[down + x] + src[row + xl[x]] + src[row + xr[x]] - 4 * c;
      out[p] = v;
      inputSum += c;
      sum += v;
      squares += v * v;
    }
  }
  return { response: out, inputSum, sum, squares };
}
