import type { FrameRecord } from '@winnow/sdk';
import type { SkipReason } from './schema';

/** Which frames get inference. See the README, "Frame selection". */
export interface SelectOptions {
  /** `curated`: skip dark, blurry and near-duplicate frames; `all`: every readable frame. */
  readonly frames: 'curated' | 'all';
  /** Median luma (darkness-features p50, 0..255) below which a frame is too dark to annotate. 0 turns it off. */
  readonly minLuma: number;
  /** Noise-corrected sharpness (blur-features) below which a frame is too blurry. 0 turns it off. */
  readonly minSharpness: number;
  /** pHash distance (bits of 64, dedup-features) at or under which a frame repeats the last annotated one. -1 turns it off. */
  readonly duplicateDistance: number;
  /** Frames per window, aligned to frame index: near-duplicates are judged only within a window. */
  readonly window: number;
}

export type Selection = { readonly selected: true } | { readonly selected: false; readonly skip: SkipReason; readonly duplicate_of?: number };

/** Upstream batch features the frame selection reads: every one a detector declares. */
export const SELECTION_INPUTS = ['blur-features', 'darkness-features', 'dedup-features'] as const;

/** The curation features a selection reads: none with `frames: 'all'`, and only those of the checks it keeps on. */
export function selectionInputs(opts: SelectOptions): string[] {
  if (opts.frames === 'all') return [];
  const on: Record<(typeof SELECTION_INPUTS)[number], boolean> = { 'blur-features': opts.minSharpness > 0, 'darkness-features': opts.minLuma > 0, 'dedup-features': opts.duplicateDistance >= 0 };
  return SELECTION_INPUTS.filter((t) => on[t]);
}

interface Anchor {
  readonly window: number;
  last: number;
  annotated: { readonly index: number; readonly hash: bigint } | null;
}

function hamming(a: bigint, b: bigint): number {
  let x = a ^ b;
  let n = 0;
  while (x) {
    x &= x - 1n;
    n++;
  }
  return n;
}

function numberField(rec: FrameRecord | undefined, field: string): number | null {
  const v = rec?.[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Per-frame selection from upstream batch features (a batch stage cannot see the stream stages' decisions):
 * absolute darkness and sharpness floors, and near-duplicates of the last frame this selector let through.
 * The memory of that frame lives within a window of `window` frames aligned to the frame index and is reset
 * at any gap in the frames it sees (unreadable frames, another worker's chunk), so a window's decisions do
 * not depend on how frames were spread over workers as long as the window is one contiguous run.
 */
export class FrameSelector {
  readonly #anchors = new Map<string, Anchor>();

  decide(key: string, index: number, inputs: Readonly<Record<string, FrameRecord | undefined>>, opts: SelectOptions): Selection {
    if (opts.frames === 'all') return { selected: true };
    const window = Math.floor(index / opts.window);
    let anchor = this.#anchors.get(key);
    if (!anchor || anchor.window !== window || anchor.last !== index - 1) {
      anchor = { window, last: index, annotated: null };
      this.#anchors.set(key, anchor);
    }
    anchor.last = index;
    const luma = numberField(inputs['darkness-features'], 'p50');
    if (opts.minLuma > 0 && luma !== null && luma < opts.minLuma) return { selected: false, skip: 'dark' };
    const sharp = numberField(inputs['blur-features'], 'sharpness');
    if (opts.minSharpness > 0 && sharp !== null && sharp < opts.minSharpness) return { selected: false, skip: 'blurry' };
    const phash = inputs['dedup-features']?.phash;
    const hash = typeof phash === 'string' && /^[0-9a-f]{16}$/i.test(phash) ? BigInt(`0x${phash}`) : null;
    if (hash !== null && opts.duplicateDistance >= 0 && anchor.annotated && hamming(hash, anchor.annotated.hash) <= opts.duplicateDistance) {
      return { selected: false, skip: 'near-duplicate', duplicate_of: anchor.annotated.index };
    }
    if (hash !== null) anchor.annotated = { index, hash };
    return { selected: true };
  }
}
