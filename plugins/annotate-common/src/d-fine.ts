import { clipBox, type Detection } from './boxes';

/**
 * D-FINE's (and RT-DETR's) second input: per image the ORIGINAL size in the order [W, H], int64. Boxes come
 * back in the pixels of that size, so swapping it would silently stretch every box: build it only here.
 */
export function origTargetSizes(sizes: readonly { width: number; height: number }[]): BigInt64Array {
  const out = new BigInt64Array(sizes.length * 2);
  sizes.forEach((s, i) => {
    out[i * 2] = BigInt(s.width);
    out[i * 2 + 1] = BigInt(s.height);
  });
  return out;
}

export interface DFineNativeOutputs {
  /** int64 [N, Q] contiguous labels 0..79. */
  readonly labels: BigInt64Array | Int32Array;
  /** float32 [N, Q, 4] xyxy in the pixels given by orig_target_sizes. */
  readonly boxes: Float32Array;
  /** float32 [N, Q] already sigmoid. */
  readonly scores: Float32Array;
}

/** Native export: queries above `threshold` of image `n` (of `queries` per image), clipped to the frame. */
export function decodeDFineNative(out: DFineNativeOutputs, n: number, queries: number, size: { width: number; height: number }, threshold: number): Detection[] {
  const dets: Detection[] = [];
  for (let q = 0; q < queries; q++) {
    const i = n * queries + q;
    const score = out.scores[i];
    if (!(score >= threshold)) continue;
    const label = Number(out.labels[i]);
    const b = out.boxes.subarray(i * 4, i * 4 + 4);
    const box = clipBox([b[0], b[1], b[2], b[3]], size.width, size.height);
    if (box[2] > box[0] && box[3] > box[1]) dets.push({ box, label, score });
  }
  return dets.sort((a, b) => b.score - a.score);
}

export interface DFineHfOutputs {
  /** float32 [N, Q, C] raw logits (sigmoid applied here). */
  readonly logits: Float32Array;
  /** float32 [N, Q, 4] normalised cx, cy, w, h. */
  readonly pred_boxes: Float32Array;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Hugging Face form: sigmoid of every (query, class) logit; like the native post-processor, every pair above
 * the threshold is a detection (the same box may carry several labels), boxes scaled by the original size.
 */
export function decodeDFineHf(out: DFineHfOutputs, n: number, queries: number, classes: number, size: { width: number; height: number }, threshold: number): Detection[] {
  const dets: Detection[] = [];
  for (let q = 0; q < queries; q++) {
    const i = n * queries + q;
    const [cx, cy, w, h] = out.pred_boxes.subarray(i * 4, i * 4 + 4);
    const box = clipBox([(cx - w / 2) * size.width, (cy - h / 2) * size.height, (cx + w / 2) * size.width, (cy + h / 2) * size.height], size.width, size.height);
    if (!(box[2] > box[0] && box[3] > box[1])) continue;
    for (let c = 0; c < classes; c++) {
      const score = sigmoid(out.logits[i * classes + c]);
      if (score >= threshold) dets.push({ box, label: c, score });
    }
  }
  return dets.sort((a, b) => b.score - a.score);
}
