import { neighbourMedians, precedingMedians } from './neighbour-reference';

/** One frame's features as the decision needs them. */
export interface SharpnessSample {
  readonly index: number;
  readonly score: number;
  readonly sharpness: number;
}

export interface BlurVerdict {
  readonly score: number;
  readonly sharpness: number;
  /** The sharpness this frame is judged against (see `decideBlur`), or null without enough neighbours. */
  readonly reference: number | null;
  /** `sharpness / reference`; null without a reference or when the reference is 0 (no detail anywhere nearby). */
  readonly ratio: number | null;
  readonly flag: boolean;
}

export interface BlurRule {
  readonly threshold: number;
  readonly window: number;
  readonly reach: number;
  readonly minNeighbours: number;
}

/**
 * Judges each frame of a stream (samples in frame order) against a reference sharpness: the larger of
 * - the median of its `2 * window` nearest neighbours (a short drop: one blurred frame, a few), and
 * - the smaller of the medians of the `reach` frames before it and of the `reach` frames after it: the stream's
 *   level on both sides of a longer drop. A run of blurred frames shorter than `reach` (autofocus hunting, a
 *   shaking camera) is a valley with sharp frames on both sides, so it is flagged whole instead of being its own
 *   reference; a lasting change of scene (to one with less detail) has the new level on one side, so it is not.
 */
export function decideBlur(samples: readonly SharpnessSample[], rule: BlurRule): BlurVerdict[] {
  const values = samples.map((s) => s.sharpness);
  const near = neighbourMedians(values, rule.window, rule.minNeighbours);
  const before = precedingMedians(values, rule.reach, rule.minNeighbours);
  const after = precedingMedians(values, rule.reach, rule.minNeighbours, true);
  return samples.map((s, i) => {
    const b = before[i];
    const a = after[i];
    const valley = b !== null && a !== null ? Math.min(b, a) : null;
    const reference = near[i] === null ? null : Math.max(near[i] as number, valley ?? 0);
    const ratio = reference !== null && reference > 0 ? s.sharpness / reference : null;
    return { score: s.score, sharpness: s.sharpness, reference, ratio, flag: ratio !== null && ratio < rule.threshold };
  });
}
