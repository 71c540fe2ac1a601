import { windowPercentiles } from './window-percentile';

/** One frame's exposure features as the decision needs them. */
export interface ExposureSample {
  readonly index: number;
  readonly mean: number;
  readonly p05: number;
  readonly p50: number;
  readonly p95: number;
  readonly level: number;
}

export interface ExposureRule {
  readonly threshold: number;
  readonly window: number;
  readonly referencePercentile: number;
  readonly minReference: number;
  readonly overexposedLuma: number;
}

export interface ExposureVerdict {
  readonly mean: number;
  readonly p05: number;
  readonly p50: number;
  readonly p95: number;
  /** Interpolated median luma of the frame. */
  readonly level: number;
  /** The stream's normal level around this frame (never below `minReference`). */
  readonly reference: number;
  /** `level / reference`. */
  readonly ratio: number;
  /** Underexposed: `ratio < threshold`. */
  readonly flag: boolean;
  readonly overexposed: boolean;
}

/** Judges each frame of a stream (samples in frame order) against a high percentile of a long window of its stream. */
export function decideExposure(samples: readonly ExposureSample[], rule: ExposureRule): ExposureVerdict[] {
  const refs = windowPercentiles(samples.map((s) => s.level), rule.window, rule.referencePercentile);
  return samples.map((s, i) => {
    const reference = Math.max(refs[i], rule.minReference);
    const ratio = Math.max(0, s.level) / reference;
    return {
      mean: s.mean,
      p05: s.p05,
      p50: s.p50,
      p95: s.p95,
      level: s.level,
      reference,
      ratio,
      flag: ratio < rule.threshold,
      overexposed: s.p05 >= rule.overexposedLuma,
    };
  });
}
