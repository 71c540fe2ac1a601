import type { FrameView } from '@winnow/sdk';

/** How pixels become model input values: channel order, scale, then per-channel (x - mean) / std. */
export interface Normalisation {
  /** Channel order of the tensor. YOLOX wants BGR; D-FINE and SAM 2 want RGB. */
  readonly order: 'rgb' | 'bgr';
  /** Multiplies each byte first: 1 keeps 0..255 (YOLOX), 1/255 gives 0..1. */
  readonly scale: number;
  /** In the scaled unit, RGB order. @default [0, 0, 0] */
  readonly mean?: readonly [number, number, number];
  /** In the scaled unit, RGB order. @default [1, 1, 1] */
  readonly std?: readonly [number, number, number];
}

export const YOLOX_NORMALISATION: Normalisation = { order: 'bgr', scale: 1 };
export const D_FINE_NORMALISATION: Normalisation = { order: 'rgb', scale: 1 / 255 };
export const SAM2_NORMALISATION: Normalisation = { order: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

function assertRgb(view: FrameView): void {
  if (view.channels !== 3) throw new RangeError(`expected an RGB view (3 channels), got ${view.channels}`);
  if (view.data.length !== view.width * view.height * 3) throw new RangeError(`RGB view of ${view.width}x${view.height} has ${view.data.length} bytes, expected ${view.width * view.height * 3}`);
}

/** Bilinear resize of interleaved bytes with pixel centres aligned (OpenCV's INTER_LINEAR convention). */
export function resizeBilinear(src: FrameView, width: number, height: number): FrameView {
  if (src.width === width && src.height === height) return src;
  const c = src.channels;
  const out = new Uint8Array(width * height * c);
  const sx = src.width / width;
  const sy = src.height / height;
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  const fxs = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), src.width - 1);
    x0s[x] = Math.floor(fx);
    x1s[x] = Math.min(x0s[x] + 1, src.width - 1);
    fxs[x] = fx - x0s[x];
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), src.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, src.height - 1);
    const wy = fy - y0;
    const r0 = y0 * src.width * c;
    const r1 = y1 * src.width * c;
    for (let x = 0; x < width; x++) {
      const a = x0s[x] * c;
      const b = x1s[x] * c;
      const wx = fxs[x];
      const o = (y * width + x) * c;
      for (let k = 0; k < c; k++) {
        const top = src.data[r0 + a + k] * (1 - wx) + src.data[r0 + b + k] * wx;
        const bottom = src.data[r1 + a + k] * (1 - wx) + src.data[r1 + b + k] * wx;
        out[o + k] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return { width, height, channels: src.channels, data: out };
}

export interface Letterboxed {
  readonly image: FrameView;
  /** Model pixels per original pixel: divide model-space boxes by it. */
  readonly ratio: number;
}

/**
 * YOLOX's letterbox: scale the ORIGINAL frame size by r = min(size/W, size/H), put it at the top-left of a
 * size x size canvas filled with `pad`. `view` may already be a downscaled decode of the original (the host's
 * `maxSide`); the ratio is always relative to `original`, so boxes come back in original pixels. `out`
 * (`size * size * 3` bytes) may be passed to reuse a canvas.
 */
export function letterbox(view: FrameView, size: number, original: { width: number; height: number }, pad = 114, out?: Uint8Array): Letterboxed {
  assertRgb(view);
  const ratio = Math.min(size / original.width, size / original.height);
  const w = Math.min(size, Math.max(1, Math.round(original.width * ratio)));
  const h = Math.min(size, Math.max(1, Math.round(original.height * ratio)));
  const scaled = resizeBilinear(view, w, h);
  if (out && out.length !== size * size * 3) throw new RangeError(`a ${size}x${size} letterbox needs ${size * size * 3} bytes, got ${out.length}`);
  const data = (out ?? new Uint8Array(size * size * 3)).fill(pad);
  for (let y = 0; y < h; y++) data.set(scaled.data.subarray(y * w * 3, (y + 1) * w * 3), y * size * 3);
  return { image: { width: size, height: size, channels: 3, data }, ratio };
}

/** Stretch to exactly width x height, ignoring aspect ratio (D-FINE's 640x640, SAM 2's 1024x1024). */
export function stretch(view: FrameView, width: number, height: number): FrameView {
  assertRgb(view);
  return resizeBilinear(view, width, height);
}

/** Interleaved RGB bytes to a planar (CHW) float tensor, written at `offset` of `out` (for batches). */
export function toChw(view: FrameView, norm: Normalisation, out?: Float32Array, offset = 0): Float32Array {
  assertRgb(view);
  const plane = view.width * view.height;
  const dst = out ?? new Float32Array(plane * 3);
  if (dst.length < offset + plane * 3) throw new RangeError(`tensor of ${dst.length} values cannot hold a 3x${view.height}x${view.width} image at offset ${offset}`);
  const mean = norm.mean ?? [0, 0, 0];
  const std = norm.std ?? [1, 1, 1];
  // Tensor channel t takes source channel src[t]; RGB order of mean/std follows the source channel.
  const [s0, s1, s2] = norm.order === 'rgb' ? [0, 1, 2] : [2, 1, 0];
  const [m0, m1, m2] = [norm.scale / std[s0], norm.scale / std[s1], norm.scale / std[s2]];
  const [a0, a1, a2] = [-mean[s0] / std[s0], -mean[s1] / std[s1], -mean[s2] / std[s2]];
  // One pass over the interleaved bytes, three planar writes: a third of the reads of a pass per channel.
  const data = view.data;
  for (let i = 0, j = 0, b0 = offset, b1 = offset + plane, b2 = offset + 2 * plane; i < plane; i++, j += 3) {
    dst[b0 + i] = data[j + s0] * m0 + a0;
    dst[b1 + i] = data[j + s1] * m1 + a1;
    dst[b2 + i] = data[j + s2] * m2 + a2;
  }
  return dst;
}
