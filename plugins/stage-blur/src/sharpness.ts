import type { FrameView } from '@winnow/sdk';
import { blockEnergyFloor, tileSums } from './block-floor';
import { laplacian4 } from './laplacian';
import { wasmSharpnessPasses, type SharpnessPasses } from './wasm-kernel';

/** Per-frame blur features of one grey view. */
export interface SharpnessFeatures {
  /** Variance of the 4-neighbour Laplacian (reflect-101 border): the pinned raw score, as `cv2.Laplacian(g, CV_64F).var()`. */
  readonly score: number;
  /** Mean luma, 0..255. */
  readonly mean: number;
  /** Variance of the Laplacian of the Laplacian: energy of the band just below the view's Nyquist frequency. */
  readonly band: number;
  /** Noise floor of that band: 10th percentile of its 8x8-tile energies. */
  readonly noise: number;
  /** `max(band - noise, 0) / max(mean, 1)^2`: noise-corrected fine-detail energy, independent of exposure and gain. */
  readonly sharpness: number;
}

/** Tile side and percentile of the noise floor: the quietest tenth of 8x8 tiles holds noise, not detail. */
const NOISE_BLOCK = 8;
const NOISE_PERCENTILE = 10;

/** Computes the blur features of a view. Any size from 1x1 up; a uniform view scores 0 everywhere. */
export function measureSharpness(view: FrameView): SharpnessFeatures {
  const { width, height } = view;
  const n = width * height;
  if (n === 0) return { score: 0, mean: 0, band: 0, noise: 0, sharpness: 0 };
  const grey = view.channels === 1 ? view.data : lumaOf(view);
  const { first, second, tiles } = wasmSharpnessPasses(grey, width, height, NOISE_BLOCK) ?? jsPasses(grey, width, height);
  const lapMean = first.sum / n;
  const score = Math.max(0, first.squares / n - lapMean * lapMean);
  const bandMean = second.sum / n;
  const band = Math.max(0, second.squares / n - bandMean * bandMean);
  const noise = Math.min(band, blockEnergyFloor(tiles, bandMean, NOISE_PERCENTILE));
  const mean = first.inputSum / n;
  const sharpness = (band - noise) / Math.max(mean, 1) ** 2;
  return { score, mean, band, noise, sharpness };
}

/** The passes by the JS loops: any size, and the reference the SIMD kernel is tested against. */
export function jsPasses(grey: Uint8Array, width: number, height: number): SharpnessPasses {
  const [a, b] = scratch(width * height);
  const first = laplacian4(grey, width, height, a);
  const second = laplacian4(first.response, width, height, b);
  return { first, second, tiles: tileSums(second.response, width, height, NOISE_BLOCK) };
}

/**
 * Two reusable response buffers: allocating 2 x 0.5 MB per frame costs more in garbage collection than the
 * filtering itself. `measure` is synchronous, so one pair per thread is never shared by two frames at once.
 */
let buffers: [Int32Array, Int32Array] = [new Int32Array(0), new Int32Array(0)];
function scratch(n: number): [Int32Array, Int32Array] {
  if (buffers[0].length < n) buffers = [new Int32Array(n), new Int32Array(n)];
  return buffers;
}

/** BT.601 luma of an interleaved RGB view, in case a host hands colour where grey was asked for. */
function lumaOf(view: FrameView): Uint8Array {
  const n = view.width * view.height;
  const out = new Uint8Array(n);
  const d = view.data;
  for (let p = 0; p < n; p++) out[p] = (77 * d[3 * p] + 150 * d[3 * p + 1] + 29 * d[3 * p + 2] + 128) >> 8;
  return out;
}
