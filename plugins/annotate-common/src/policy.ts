import type { Detection } from './boxes';

/** Scores in [low, high) are uncertain: too high to drop, too low to trust. */
export interface UncertaintyBand {
  readonly low: number;
  readonly high: number;
}

/** 0 outside the band, rising to 1 at its middle: how close a score is to a coin toss between keep and drop. */
export function scoreUncertainty(score: number, band: UncertaintyBand): number {
  if (!(score >= band.low && score < band.high) || band.high <= band.low) return 0;
  const half = (band.high - band.low) / 2;
  // At least 0.01 inside the band, so a score on its lower edge still counts as uncertain.
  return Math.max(0.01, 1 - Math.abs(score - (band.low + half)) / half);
}

/** A frame is as uncertain as its most uncertain detection. */
export function frameUncertainty(dets: readonly Detection[], band: UncertaintyBand): { uncertainty: number; uncertain: number } {
  let uncertainty = 0;
  let uncertain = 0;
  for (const d of dets) {
    const u = scoreUncertainty(d.score, band);
    if (u > 0) uncertain++;
    if (u > uncertainty) uncertainty = u;
  }
  return { uncertainty: Math.round(uncertainty * 1e4) / 1e4, uncertain };
}
