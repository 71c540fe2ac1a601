/** Blocks along the longer side of the fine fingerprint grid. */
export const GRID_LONG_SIDE = 64;
/** Block means are stored as unsigned 16-bit fixed point with this many fractional steps per grey level. */
export const BLOCK_SCALE = 64;

/** Block means of a grey view on a grid of `width` x `height` blocks. */
export interface BlockGrid {
  readonly width: number;
  readonly height: number;
  /** Row-major block means in grey levels (0..255), at 1/64 precision. */
  readonly means: Float64Array;
}

/** Grid size for a view: 64 blocks along the longer side, the shorter in proportion (at least 1, at most the view). */
export function gridSize(viewWidth: number, viewHeight: number): { width: number; height: number } {
  const long = Math.max(viewWidth, viewHeight);
  const n = Math.min(GRID_LONG_SIDE, long);
  const short = (s: number): number => Math.max(1, Math.min(s, Math.round((n * s) / long)));
  return viewWidth >= viewHeight ? { width: n, height: short(viewHeight) } : { width: short(viewWidth), height: n };
}

/**
 * Means of a grey view over a grid of blocks; block (bx, by) covers view columns floor(bx W / gw) to
 * floor((bx + 1) W / gw) - 1 and the rows likewise. Means are rounded to 1/64 of a grey level, so that a
 * decoded grid equals the measured one.
 */
export function blockMeans(grey: Uint8Array, viewWidth: number, viewHeight: number): BlockGrid {
  const { width: gw, height: gh } = gridSize(viewWidth, viewHeight);
  const means = new Float64Array(gw * gh);
  for (let by = 0; by < gh; by++) {
    const y0 = Math.floor((by * viewHeight) / gh);
    const y1 = Math.floor(((by + 1) * viewHeight) / gh);
    for (let bx = 0; bx < gw; bx++) {
      const x0 = Math.floor((bx * viewWidth) / gw);
      const x1 = Math.floor(((bx + 1) * viewWidth) / gw);
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        const row = y * viewWidth;
        for (let x = x0; x < x1; x++) sum += grey[row + x];
      }
      means[by * gw + bx] = Math.round((sum / ((x1 - x0) * (y1 - y0))) * BLOCK_SCALE) / BLOCK_SCALE;
    }
  }
  return { width: gw, height: gh, means };
}

/** Block means as base64 of little-endian uint16 values round(mean x 64). */
export function encodeGrid(grid: BlockGrid): string {
  const buf = Buffer.alloc(grid.means.length * 2);
  for (let i = 0; i < grid.means.length; i++) buf.writeUInt16LE(Math.round(grid.means[i] * BLOCK_SCALE), i * 2);
  return buf.toString('base64');
}

export function decodeGrid(width: number, height: number, base64: string): BlockGrid {
  const buf = Buffer.from(base64, 'base64');
  if (buf.length !== width * height * 2) throw new Error(`block grid: expected ${width * height * 2} bytes for ${width}x${height}, got ${buf.length}`);
  const means = new Float64Array(width * height);
  // A stream's decision decodes thousands of grids: read them as aligned uint16 words where the platform is
  // little-endian (the stored order), byte by byte otherwise.
  if (LITTLE_ENDIAN) {
    const words = new Uint16Array(means.length);
    new Uint8Array(words.buffer).set(buf);
    for (let i = 0; i < means.length; i++) means[i] = words[i] / BLOCK_SCALE;
  } else for (let i = 0; i < means.length; i++) means[i] = buf.readUInt16LE(i * 2) / BLOCK_SCALE;
  return { width, height, means };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
