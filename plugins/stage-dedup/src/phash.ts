/** Side of the square grey thumbnail the pHash is computed from. */
export const PHASH_THUMB = 32;
/** Side of the low-frequency DCT block kept for the hash (8x8 = 64 bits). */
const KEEP = 8;

let cosTable: Float64Array | null = null;

/** cos((2x + 1) u pi / 2N) for u < KEEP, x < N: only the kept rows of the DCT-II are ever needed. */
function cosines(): Float64Array {
  if (cosTable) return cosTable;
  const n = PHASH_THUMB;
  const t = new Float64Array(KEEP * n);
  for (let u = 0; u < KEEP; u++) for (let x = 0; x < n; x++) t[u * n + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * n));
  cosTable = t;
  return t;
}

/**
 * Winnow pHash v1 of a 32x32 grey thumbnail (row-major bytes): unnormalised 2-D DCT-II, top-left 8x8
 * coefficients in row-major order (vertical frequency first) rounded to 1e-6, median of the 63 AC coefficients (DC excluded),
 * bit = coefficient > median (the DC coefficient gets a bit too). Bit 63 (most significant) is coefficient (0,0).
 * Returned as 16 lowercase hex digits.
 */
export function phash(grey: Uint8Array, width = PHASH_THUMB, height = PHASH_THUMB): string {
  if (width !== PHASH_THUMB || height !== PHASH_THUMB || grey.length < PHASH_THUMB * PHASH_THUMB) {
    throw new Error(`phash expects a ${PHASH_THUMB}x${PHASH_THUMB} grey view, got ${width}x${height}`);
  }
  const n = PHASH_THUMB;
  const c = cosines();
  // Rows first: rowDct[y][u] for the kept u only.
  const rows = new Float64Array(n * KEEP);
  for (let y = 0; y < n; y++) {
    for (let u = 0; u < KEEP; u++) {
      let s = 0;
      for (let x = 0; x < n; x++) s += grey[y * n + x] * c[u * n + x];
      rows[y * KEEP + u] = s;
    }
  }
  const coef = new Float64Array(KEEP * KEEP);
  for (let v = 0; v < KEEP; v++) {
    for (let u = 0; u < KEEP; u++) {
      let s = 0;
      for (let y = 0; y < n; y++) s += rows[y * KEEP + u] * c[v * n + y];
      // Rounded so that float error cannot set bits: a flat picture hashes to its DC bit alone.
      coef[v * KEEP + u] = Math.round(s * 1e6) / 1e6;
    }
  }
  const ac = Array.from(coef.subarray(1)).sort((a, b) => a - b);
  const median = ac[31];
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 64; i++) {
    if (!(coef[i] > median)) continue;
    if (i < 32) hi |= 1 << (31 - i);
    else lo |= 1 << (63 - i);
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}
