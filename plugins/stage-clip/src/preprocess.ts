import type { FrameView } from '@winnow/sdk';

/** Side of the square CLIP image encoders take (ViT-B/32, ViT-B/16, ViT-L/14 at 224). */
export const CLIP_SIZE = 224;
/** OpenAI CLIP's per-channel normalisation (RGB), applied after scaling to 0..1. */
export const CLIP_MEAN: readonly [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_STD: readonly [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

/** Where the square crop sits in the resized picture. */
export interface CropPlan {
  /** Size of the whole picture once its short side is resized to `size`. */
  readonly resizedWidth: number;
  readonly resizedHeight: number;
  /** Top-left corner of the `size` x `size` crop in the resized picture. */
  readonly left: number;
  readonly top: number;
  readonly size: number;
}

/**
 * CLIP's geometry, as Hugging Face's CLIPImageProcessor computes it: the short side becomes `size` and the long
 * side `floor(size * long / short)`; the centre crop starts at `floor((resized - size) / 2)`.
 */
export function clipCropPlan(width: number, height: number, size = CLIP_SIZE): CropPlan {
  if (!(width > 0 && height > 0)) throw new RangeError(`image of ${width}x${height} pixels has nothing to crop`);
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  const resizedLong = Math.max(size, Math.floor((size * long) / short));
  const resizedWidth = width <= height ? size : resizedLong;
  const resizedHeight = width <= height ? resizedLong : size;
  return { resizedWidth, resizedHeight, left: Math.floor((resizedWidth - size) / 2), top: Math.floor((resizedHeight - size) / 2), size };
}

/** Keys' cubic convolution kernel with a = -0.5, the one PIL's BICUBIC uses (support 2). */
export function bicubicKernel(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

/** Taps of a 1-D resample: output position `o` reads `weights[o*taps .. o*taps+taps)` from input `start[o]` on. */
interface Taps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly taps: number;
  readonly weights: Float64Array;
}

/**
 * PIL-style separable resampling weights (`ImagingResample`): the output pixel centre `(o + 0.5) * scale` in
 * input pixels; when shrinking, the kernel is stretched by the scale (antialiasing, like PIL and unlike a
 * plain 4-tap bicubic); weights are normalised to sum to 1 and taps outside the picture are dropped.
 * Only outputs `[from, from + n)` of an `outSize` resize are computed (the crop).
 */
function tapsFor(inSize: number, outSize: number, from: number, n: number): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(n);
  const count = new Int32Array(n);
  const weights = new Float64Array(n * taps);
  for (let i = 0; i < n; i++) {
    const center = (from + i + 0.5) * scale;
    const lo = Math.max(0, Math.trunc(center - support + 0.5));
    const hi = Math.min(inSize, Math.trunc(center + support + 0.5));
    let sum = 0;
    for (let x = lo; x < hi; x++) {
      const w = bicubicKernel((x - center + 0.5) / filterScale);
      weights[i * taps + (x - lo)] = w;
      sum += w;
    }
    if (sum !== 0) for (let x = 0; x < hi - lo; x++) weights[i * taps + x] /= sum;
    start[i] = lo;
    count[i] = hi - lo;
  }
  return { start, count, taps, weights };
}

/**
 * The `plan.size` square crop of a picture resized (bicubic, antialiased when shrinking) so that its short
 * side is `plan.size`: interleaved channels, float values clamped to 0..255 (not rounded to bytes between
 * the two passes, so slightly closer to the continuous resize than PIL is).
 */
export function resizeCropBicubic(data: Uint8Array, width: number, height: number, channels: number, plan: CropPlan): Float32Array {
  if (data.length !== width * height * channels) throw new RangeError(`pixel buffer has ${data.length} bytes, expected ${width}x${height}x${channels}`);
  const { size } = plan;
  const hx = tapsFor(width, plan.resizedWidth, plan.left, size);
  const vy = tapsFor(height, plan.resizedHeight, plan.top, size);
  // Only the input rows the vertical pass reads.
  const rowLo = vy.start[0];
  const rowHi = vy.start[size - 1] + vy.count[size - 1];
  const mid = new Float64Array((rowHi - rowLo) * size * channels);
  for (let y = rowLo; y < rowHi; y++) {
    const src = y * width * channels;
    const dst = (y - rowLo) * size * channels;
    for (let o = 0; o < size; o++) {
      const s = hx.start[o];
      const wOff = o * hx.taps;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < hx.count[o]; k++) acc += hx.weights[wOff + k] * data[src + (s + k) * channels + c];
        mid[dst + o * channels + c] = acc;
      }
    }
  }
  const out = new Float32Array(size * size * channels);
  for (let o = 0; o < size; o++) {
    const s = vy.start[o] - rowLo;
    const wOff = o * vy.taps;
    for (let x = 0; x < size * channels; x++) {
      let acc = 0;
      for (let k = 0; k < vy.count[o]; k++) acc += vy.weights[wOff + k] * mid[(s + k) * size * channels + x];
      out[o * size * channels + x] = acc < 0 ? 0 : acc > 255 ? 255 : acc;
    }
  }
  return out;
}

/**
 * CLIP's `pixel_values` for one picture: short side to `size` (bicubic), centre crop, /255, CLIP mean/std per
 * channel, channel-first (CHW). A grey view is read as R = G = B.
 */
export function clipPixelValues(view: FrameView, size = CLIP_SIZE): Float32Array {
  const plan = clipCropPlan(view.width, view.height, size);
  const hwc = resizeCropBicubic(view.data, view.width, view.height, view.channels, plan);
  const area = size * size;
  const out = new Float32Array(3 * area);
  const ch = view.channels;
  for (let c = 0; c < 3; c++) {
    const mean = CLIP_MEAN[c];
    const inv = 1 / (255 * CLIP_STD[c]);
    const shift = mean / CLIP_STD[c];
    const from = ch === 3 ? c : 0;
    for (let i = 0; i < area; i++) out[c * area + i] = hwc[i * ch + from] * inv - shift;
  }
  return out;
}
