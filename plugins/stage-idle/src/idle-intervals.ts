/** One step of the motion series: a readable frame and its motion against the previous readable frame. */
export interface MotionStep {
  /** Frame index of the earlier frame of the pair. */
  readonly from: number;
  /** Frame index of the later frame of the pair. */
  readonly to: number;
  /** Raw motion z of the pair. */
  readonly z: number;
  /** Smoothed motion z. */
  readonly smoothed: number;
}

/** An idle interval: inclusive frame indices and a score in [0, 1] (1 = no residual change at all). */
export type IdleInterval = readonly [start: number, end: number, score: number];

/**
 * Maximal runs of consecutive still steps (smoothed <= threshold). A run of steps a..b makes the interval
 * [from of a, to of b]; it is kept when end - start + 1 >= minFrames. Steps bridge gaps in the numbering and
 * unreadable frames, so those never end an interval. The score is 1 - mean(min(z / threshold, 1)) over the
 * run's raw steps.
 */
export function idleIntervals(steps: readonly MotionStep[], threshold: number, minFrames: number): IdleInterval[] {
  const out: IdleInterval[] = [];
  let i = 0;
  while (i < steps.length) {
    if (!(steps[i].smoothed <= threshold)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < steps.length && steps[j + 1].smoothed <= threshold) j++;
    const start = steps[i].from;
    const end = steps[j].to;
    if (end - start + 1 >= minFrames) {
      let sum = 0;
      for (let k = i; k <= j; k++) sum += Math.min(steps[k].z / threshold, 1);
      out.push([start, end, Math.round((1 - sum / (j - i + 1)) * 1000) / 1000]);
    }
    i = j + 1;
  }
  return out;
}
