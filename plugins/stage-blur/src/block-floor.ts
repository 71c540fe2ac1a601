/** Sum and sum of squares of every full `block x block` tile of a response, row-major, `floor(width / block)` per tile row. */
export interface TileSums {
  readonly block: number;
  readonly sums: Float64Array;
  readonly squares: Float64Array;
}

/** The tile sums of a response, in JS (the WebAssembly kernel computes the same numbers, see wasm-kernel.ts). */
export function tileSums(response: Int32Array, width: number, height: number, block: number): TileSums {
  const bw = Math.floor(width / block);
  const bh = Math.floor(height / block);
  const sums = new Float64Array(bw * bh);
  const squares = new Float64Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let y = by * block; y < (by + 1) * block; y++) {
      const row = y * width;
      for (let bx = 0; bx < bw; bx++) {
        let s = 0;
        let q = 0;
        const x0 = row + bx * block;
        for (let x = x0; x < x0 + block; x++) {
          const v = response[x];
          s += v;
          q += v * v;
        }
        sums[by * bw + bx] += s;
        squares[by * bw + bx] += q;
      }
    }
  }
  return { block, sums, squares };
}

/**
 * Noise floor of a band-pass response from its tile sums: the mean squared deviation (from `centre`) in each
 * full tile, and the `percentile`-th of those tile energies (nearest rank). Sensor noise is everywhere while
 * detail is not, so the quietest tiles measure the noise. Returns 0 when the image holds no full tile.
 */
export function blockEnergyFloor(tiles: TileSums, centre: number, percentile: number): number {
  const count = tiles.sums.length;
  if (count === 0) return 0;
  const n = tiles.block * tiles.block;
  const energies = new Float64Array(count);
  // sum (v - c)^2 = sum v^2 - 2 c sum v + n c^2
  for (let t = 0; t < count; t++) energies[t] = (tiles.squares[t] - 2 * centre * tiles.sums[t] + n * centre * centre) / n;
  energies.sort();
  const rank = Math.min(count - 1, Math.max(0, Math.ceil((percentile / 100) * count) - 1));
  return Math.max(0, energies[rank]);
}
