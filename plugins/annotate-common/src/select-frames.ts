import type { SettleInput } from '@winnow/sdk';
import type { SkipReason } from './schema';

/** Which frames get inference. See the README, "Frame selection". */
export interface SelectOptions {
  /** `curated`: the frames the `select` stage keeps; `all`: every readable frame. */
  readonly frames: 'curated' | 'all';
}

export type Selection = { readonly selected: true } | { readonly selected: false; readonly skip: SkipReason; readonly duplicate_of?: number };

/** The curation output a selection may read: every one a detector declares. */
export const SELECTION_INPUTS = ['select'] as const;

/** The curation outputs a selection reads: none with `frames: 'all'`. */
export function selectionInputs(opts: SelectOptions): string[] {
  return opts.frames === 'all' ? [] : [...SELECTION_INPUTS];
}

const SKIPS: readonly string[] = ['unreadable', 'blurry', 'dark', 'overexposed', 'duplicate', 'near-duplicate', 'idle', 'budget'] satisfies SkipReason[];

/**
 * Curated frame selection from the `select` stage's records alone: a frame it keeps is annotated; any other is
 * skipped with its reason, and a duplicate, near-duplicate or idle frame points at the frame that stands for it.
 */
export function selectFrames(frames: readonly SettleInput[], opts: SelectOptions): Selection[] {
  if (opts.frames === 'all') return frames.map(() => ({ selected: true }));
  return frames.map((f): Selection => {
    const rec = f.inputs.select;
    if (rec?.keep === true) return { selected: true };
    const skip = (typeof rec?.reason === 'string' && SKIPS.includes(rec.reason) ? rec.reason : 'not-selected') as SkipReason;
    const by = rec?.represented_by;
    return { selected: false, skip, ...(typeof by === 'number' ? { duplicate_of: by } : {}) };
  });
}
