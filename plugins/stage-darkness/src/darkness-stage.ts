import { Type, defineStage, type FrameRecord } from '@winnow/sdk';
import { DarknessConfig } from './darkness-config';
import { decideExposure, type ExposureSample } from './exposure-decision';

/**
 * Exported exposure verdicts: a frame is dark when its median luma falls well below its own stream's normal
 * level (a high percentile over hundreds of frames), so a whole night is still dark and a dim scene is not.
 */
export const darknessStage = defineStage({
  name: 'darkness',
  version: '1.0.0',
  description: "Flags frames about 2.3 EV or more below their stream's normal exposure, and overexposed frames.",
  partition: 'stream',
  inputs: ['darkness-features'],
  config: DarknessConfig,
  records: {
    frame: Type.Object({
      mean: Type.Number(),
      p05: Type.Number(),
      p50: Type.Number(),
      p95: Type.Number(),
      level: Type.Number(),
      reference: Type.Number(),
      ratio: Type.Number(),
      flag: Type.Boolean(),
      overexposed: Type.Boolean(),
    }),
  },
  report: {
    findings: [
      { key: 'dark', label: 'Dark', field: 'flag', score: 'ratio' },
      { key: 'overexposed', label: 'Overexposed', field: 'overexposed', score: 'p05' },
    ],
    charts: [
      {
        title: 'Brightness',
        note: 'median luma, 0–255',
        series: [
          { field: 'reference', label: 'stream reference', style: 'dashed' },
          { field: 'reference', label: 'dark below', style: 'dashed', times: 'threshold' },
          { field: 'level', label: 'level (median luma)' },
        ],
        min: 0,
        max: 255,
        markers: [
          { finding: 'dark', at: 'level', low: true },
          { finding: 'overexposed', at: 'level' },
        ],
      },
    ],
  },
  run(input, ctx) {
    const features = input.inputs['darkness-features'] ?? new Map<number, FrameRecord>();
    const samples: ExposureSample[] = [];
    for (const frame of input.frames) {
      const rec = features.get(frame.index);
      if (rec === undefined) continue;
      samples.push({ index: frame.index, mean: num(rec.mean), p05: num(rec.p05), p50: num(rec.p50), p95: num(rec.p95), level: num(rec.level) });
    }
    const verdicts = decideExposure(samples, ctx.config);
    return { frames: verdicts.map((v, i) => [samples[i].index, { ...v }] as const) };
  },
});

function num(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}
