import type { Box } from './boxes';

/** SAM 2 works in a 1024 x 1024 frame: the image is stretched to it, so prompts are scaled per axis. */
export const SAM2_SIZE = 1024;
/** Side of the decoder's low-resolution mask logits. */
export const SAM2_LOW_RES = 256;

export interface Sam2Prompt {
  /** float32 [1, 2, 2]: the box as two points in the 1024 frame. */
  readonly pointCoords: Float32Array;
  /** float32 [1, 2]: 2 = top-left corner, 3 = bottom-right corner. */
  readonly pointLabels: Float32Array;
}

/** A box prompt in SAM 2's frame: x * 1024 / W, y * 1024 / H, labelled 2 and 3. */
export function boxPrompt(box: Box, width: number, height: number): Sam2Prompt {
  const sx = SAM2_SIZE / width;
  const sy = SAM2_SIZE / height;
  return {
    pointCoords: Float32Array.from([box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy]),
    pointLabels: Float32Array.from([2, 3]),
  };
}

/** Index of the best of the decoder's candidate masks by its predicted IoU. */
export function bestMask(iouPredictions: Float32Array, candidates: number, prompt = 0): { index: number; score: number } {
  let index = 0;
  let score = -Infinity;
  for (let k = 0; k < candidates; k++) {
    const v = iouPredictions[prompt * candidates + k];
    if (v > score) {
      score = v;
      index = k;
    }
  }
  return { index, score };
}

/**
 * Low-resolution logits (side x side, for the stretched 1024 frame) to a binary mask of the original
 * width x height: bilinear interpolation of the logits (pixel centres aligned), then logit > threshold.
 * Interpolating logits rather than the binary mask keeps edges smooth, as SAM's own post-processing does.
 */
export function maskFromLogits(logits: Float32Array, side: number, width: number, height: number, threshold = 0): Uint8Array {
  if (logits.length < side * side) throw new RangeError(`mask logits have ${logits.length} values, expected ${side}x${side}`);
  const mask = new Uint8Array(width * height);
  const sx = side / width;
  const sy = side / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), side - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, side - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), side - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, side - 1);
      const wx = fx - x0;
      const top = logits[y0 * side + x0] * (1 - wx) + logits[y0 * side + x1] * wx;
      const bottom = logits[y1 * side + x0] * (1 - wx) + logits[y1 * side + x1] * wx;
      mask[y * width + x] = top * (1 - wy) + bottom * wy > threshold ? 1 : 0;
    }
  }
  return mask;
}

/** Tight box of a binary mask (row-major), xyxy with exclusive max, or null when empty. */
export function maskBox(mask: Uint8Array, width: number, height: number): Box | null {
  let x1 = width;
  let y1 = height;
  let x2 = -1;
  let y2 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      if (x < x1) x1 = x;
      if (x > x2) x2 = x;
      if (y < y1) y1 = y;
      if (y > y2) y2 = y;
    }
  }
  return x2 < 0 ? null : [x1, y1, x2 + 1, y2 + 1];
}
