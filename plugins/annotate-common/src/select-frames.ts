import type { FrameRecord, SettleInput } from '@winnow/sdk';
import type { SkipReason } from './schema';

/** Which frames get inference. See the README, "Frame selection". */
export interface SelectOptions {
  /** `curated`: skip what curation rejects (dark, blurry) and near-duplicates; `all`: every readable frame. */
  readonly frames: 'curated' | 'all';
  /** Skip frames the `darkness` stage flags (exposure against the stream's own normal level). */
  readonly dark: boolean;
  /** Skip frames the `blur` stage flags (sharpness against the frame's neighbours). */
  readonly blurry: boolean;
  /** pHash distance (bits of 64, dedup-features) at or under which a frame repeats the last annotated one. -1 turns it off. */
  readonly duplicateDistance: number;
  /** Frames per window, aligned to frame index: a near-duplicate stands for an annotated frame of its own window only. */
  readonly window: number;
}

export type Selection = { readonly selected: true } | { readonly selected: false; readonly skip: SkipReason; readonly duplicate_of?: number };

/** The curation outputs a selection may read: every one a detector declares. */
export const SELECTION_INPUTS = ['darkness', 'blur', 'dedup-features'] as const;

/** The curation outputs a selection reads: none with `frames: 'all'`, and only those of the checks it keeps on. */
export function selectionInputs(opts: SelectOptions): string[] {
  if (opts.frames === 'all') return [];
  const on: Record<(typeof SELECTION_INPUTS)[number], boolean> = { darkness: opts.dark, blur: opts.blurry, 'dedup-features': opts.duplicateDistance >= 0 };
  return SELECTION_INPUTS.filter((t) => on[t]);
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

const flagged = (rec: FrameRecord | undefined) => rec?.flag === true;

function phashOf(rec: FrameRecord | undefined): bigint | null {
  const phash = rec?.phash;
  return typeof phash === 'string' && /^[0-9a-f]{16}$/i.test(phash) ? BigInt(`0x${phash}`) : null;
}

/**
 * Curated frame selection over one batch of frames in frame order, from curation's records alone: a frame the
 * `darkness` or `blur` stage flags is skipped, and so is a frame whose pHash is within `duplicateDistance` bits
 * of the last frame selected in the same window of `window` frames (aligned to the frame index, so that a
 * window has an annotation of its own).
 */
export function selectFrames(frames: readonly SettleInput[], opts: SelectOptions): Selection[] {
  if (opts.frames === 'all') return frames.map(() => ({ selected: true }));
  let last: { readonly window: number; readonly index: number; readonly hash: bigint } | null = null;
  return frames.map((f): Selection => {
    if (opts.dark && flagged(f.inputs.darkness)) return { selected: false, skip: 'dark' };
    if (opts.blurry && flagged(f.inputs.blur)) return { selected: false, skip: 'blurry' };
    const window = Math.floor(f.index / opts.window);
    const hash = opts.duplicateDistance >= 0 ? phashOf(f.inputs['dedup-features']) : null;
    if (hash !== null && last?.window === window && hamming(hash, last.hash) <= opts.duplicateDistance) return { selected: false, skip: 'near-duplicate', duplicate_of: last.index };
    if (hash !== null) last = { window, index: f.index, hash };
    return { selected: true };
  });
}
