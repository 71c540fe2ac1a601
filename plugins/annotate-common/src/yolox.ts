import { clipBox, nmsClasswise, type Detection } from './boxes';

export interface YoloxDecodeOptions {
  /** Square input side the grid was computed for. @default 416 */
  readonly inputSize?: number;
  /** @default [8, 16, 32] */
  readonly strides?: readonly number[];
  /** Letterbox ratio (model pixels per original pixel). */
  readonly ratio: number;
  readonly width: number;
  readonly height: number;
  /** Minimum objectness x class score. @default 0.3 */
  readonly scoreThreshold?: number;
  /** @default 0.45 */
  readonly nmsIou?: number;
}

/**
 * Decodes YOLOX's raw grid output ([cells, 5 + classes] of one image, cells row-major per stride) into
 * detections in original pixels: cx = (o0 + gx) s, cy = (o1 + gy) s, w = e^o2 s, h = e^o3 s,
 * score = objectness x class probability (best class per cell), divided by the letterbox ratio, clipped,
 * then class-wise NMS.
 */
export function decodeYolox(output: Float32Array, classes: number, opts: YoloxDecodeOptions): Detection[] {
  const size = opts.inputSize ?? 416;
  const strides = opts.strides ?? [8, 16, 32];
  const thr = opts.scoreThreshold ?? 0.3;
  const stride = 5 + classes;
  const expected = strides.reduce((n, s) => n + (size / s) ** 2, 0);
  if (output.length !== expected * stride) {
    throw new RangeError(`YOLOX output has ${output.length} values; a ${size}x${size} input with strides ${strides.join('/')} and ${classes} classes gives ${expected} cells x ${stride} = ${expected * stride}`);
  }
  const dets: Detection[] = [];
  let cell = 0;
  for (const s of strides) {
    const g = size / s;
    for (let gy = 0; gy < g; gy++) {
      for (let gx = 0; gx < g; gx++, cell++) {
        const o = cell * stride;
        const obj = output[o + 4];
        if (obj < thr) continue;
        let best = 0;
        let label = -1;
        for (let c = 0; c < classes; c++) {
          const p = output[o + 5 + c];
          if (p > best) {
            best = p;
            label = c;
          }
        }
        const score = obj * best;
        if (label < 0 || score < thr) continue;
        const cx = (output[o] + gx) * s;
        const cy = (output[o + 1] + gy) * s;
        const w = Math.exp(output[o + 2]) * s;
        const h = Math.exp(output[o + 3]) * s;
        const r = opts.ratio;
        const box = clipBox([(cx - w / 2) / r, (cy - h / 2) / r, (cx + w / 2) / r, (cy + h / 2) / r], opts.width, opts.height);
        if (box[2] > box[0] && box[3] > box[1]) dets.push({ box, label, score });
      }
    }
  }
  return nmsClasswise(dets, opts.nmsIou ?? 0.45);
}
