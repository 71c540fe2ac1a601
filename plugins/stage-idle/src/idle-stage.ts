import { Type, defineStage, type FrameRecord } from '@winnow/sdk';
import { decodeGrid } from '@winnow/fingerprint';
import { IdleConfig } from './config';
import type { IdleFeatures } from './idle-features-stage';
import { idleIntervals } from './idle-intervals';
import { motionSeries, type MotionFrame } from './motion-series';

export const idleStage = defineStage({
  name: 'idle',
  version: '1.1.0',
  description: 'Idle intervals: runs of at least minFrames frames whose motion against the previous readable frame stays within the noise.',
  partition: 'stream',
  inputs: ['idle-features'],
  config: IdleConfig,
  records: {
    frame: Type.Object({ flag: Type.Boolean(), motion: Type.Union([Type.Number(), Type.Null()]), motion_smoothed: Type.Union([Type.Number(), Type.Null()]), noise: Type.Union([Type.Number(), Type.Null()]), compared_to: Type.Union([Type.Integer(), Type.Null()]), interval_start: Type.Union([Type.Integer(), Type.Null()]) }),
    tables: { idle_intervals: Type.Object({ start_idx: Type.Integer(), end_idx: Type.Integer(), idle_score: Type.Number() }) },
  },
  report: {
    findings: [{ key: 'idleFrames', label: 'Idle', field: 'flag', score: 'motion_smoothed' }],
    intervals: { table: 'idle_intervals', key: 'idleIntervals', label: 'Idle intervals' },
    charts: [
      {
        title: 'Motion',
        note: 'change from the previous frame, in noise scales (log)',
        series: [{ field: 'motion_smoothed', label: 'motion (smoothed)' }],
        threshold: { config: 'motionZ', label: 'still at or below' },
        scale: 'log',
        min: 0,
      },
    ],
  },
  run(input, ctx) {
    const { motionZ, minFrames, smoothWindow, noiseFloor } = ctx.config;
    const features = input.inputs['idle-features'] ?? new Map<number, FrameRecord>();
    const catalog = [...input.frames].sort((a, b) => a.index - b.index);
    const readable: MotionFrame[] = [];
    for (const f of catalog) {
      const rec = f.error ? undefined : (features.get(f.index) as IdleFeatures | undefined);
      if (rec) readable.push({ index: f.index, grid: () => decodeGrid(rec.grid_w, rec.grid_h, rec.grid) });
    }
    const steps = motionSeries(readable, noiseFloor, smoothWindow);
    const intervals = idleIntervals(steps, motionZ, minFrames);
    const stepTo = new Map(steps.map((s) => [s.to, s]));
    const round = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);
    let k = 0;
    const out: (readonly [number, FrameRecord])[] = [];
    for (const f of catalog) {
      while (k < intervals.length && intervals[k][1] < f.index) k++;
      const inside = k < intervals.length && intervals[k][0] <= f.index;
      const s = stepTo.get(f.index);
      out.push([
        f.index,
        {
          flag: inside,
          motion: s ? round(s.z) : null,
          motion_smoothed: s ? round(s.smoothed) : null,
          noise: s ? round(s.noise) : null,
          compared_to: s ? s.from : null,
          interval_start: inside ? intervals[k][0] : null,
        },
      ]);
    }
    return { frames: out, tables: { idle_intervals: intervals.map((iv) => [...iv]) } };
  },
});
