/**
 * Noise floor of a band-pass response: the mean squared deviation (from `centre`) in each full `block x block`
 * tile, and the `percentile`-th of those tile energies (nearest rank). Sensor noise is everywhere while detail
 * is not, so the quietest tiles measure the noise. Returns 0 when the image holds no full tile.
 */
export function blockEnergyFloor(response: Int32Array, width: number, height: number, centre: number, block: number, percentile: number): number {
  const bw = Math.floor(width / block);
  const bh = Math.floor(height / block);
  if (bw === 0 || bh === 0) return 0;
  const sums = new Float64Array(bw);
  const squares = new Float64Array(bw);
  const energies = new Float64Array(bw * bh);
  const n = block * block;
  for (let by = 0; by < bh; by++) {
    sums.fill(0);
    squares.fill(0);
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
        sums[bx] += s;
        squares[bx] += q;
      }
    }
    // sum (v - c)^2 = sum v^2 - 2 c sum v + n c^2
    for (let bx = 0; bx < bw; bx++) energies[by * bw + bx] = (squares[bx] - 2 * centre * sums[bx] + n * centre * centre) / n;
  }
  energies.sort();
  const rank = Math.min(energies.length - 1, Math.max(0, Math.ceil((percentile / 100) * energies.length) - 1));
  return Math.max(0, energies[rank]);
}
