import type { BlockGrid } from '@winnow/fingerprint';
import { contentDistance } from '@winnow/fingerprint';
import type { MotionStep } from './idle-intervals';
import { runningMedian } from './running-median';

export interface MotionFrame {
  readonly index: number;
  /** Block grid of a readable frame, decoded on demand. */
  readonly grid: () => BlockGrid;
}

export interface MotionStepDetail extends MotionStep {
  /** Noise scale of the pair's block residuals, in grey levels. */
  readonly noise: number;
}

/**
 * Motion between consecutive readable frames (in frame order; unreadable and missing frames are simply not
 * given, so the series bridges them), then a running median of `smoothWindow` steps.
 */
export function motionSeries(frames: readonly MotionFrame[], noiseFloor: number, smoothWindow: number): MotionStepDetail[] {
  const raw: { from: number; to: number; z: number; noise: number }[] = [];
  const scratch = new Float64Array(64 * 64);
  let prev: { index: number; grid: BlockGrid } | null = null;
  for (const f of frames) {
    const grid = f.grid();
    if (prev) {
      const d = contentDistance(prev.grid, grid, noiseFloor, scratch);
      raw.push({ from: prev.index, to: f.index, z: d.z, noise: d.noise });
    }
    prev = { index: f.index, grid };
  }
  const smoothed = runningMedian(
    raw.map((s) => s.z),
    smoothWindow,
  );
  return raw.map((s, i) => ({ ...s, smoothed: smoothed[i] }));
}
