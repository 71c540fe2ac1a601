import { neighbourMedians } from './neighbour-reference';

/** One frame's features as the decision needs them. */
export interface SharpnessSample {
  readonly index: number;
  readonly score: number;
  readonly sharpness: number;
}

export interface BlurVerdict {
  readonly score: number;
  readonly sharpness: number;
  /** Median sharpness of the frame's neighbours, or null without enough neighbours. */
  readonly reference: number | null;
  /** `sharpness / reference`; null without a reference or when the reference is 0 (no detail anywhere nearby). */
  readonly ratio: number | null;
  readonly flag: boolean;
}

export interface BlurRule {
  readonly threshold: number;
  readonly window: number;
  readonly minNeighbours: number;
}

/** Judges each frame of a stream (samples in frame order) against the median sharpness of its neighbours. */
export function decideBlur(samples: readonly SharpnessSample[], rule: BlurRule): BlurVerdict[] {
  const refs = neighbourMedians(samples.map((s) => s.sharpness), rule.window, rule.minNeighbours);
  return samples.map((s, i) => {
    const reference = refs[i];
    const ratio = reference !== null && reference > 0 ? s.sharpness / reference : null;
    return { score: s.score, sharpness: s.sharpness, reference, ratio, flag: ratio !== null && ratio < rule.threshold };
  });
}
