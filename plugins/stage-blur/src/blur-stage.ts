import { Type, defineStage, type FrameRecord } from '@winnow/sdk';
import { BlurConfig } from './blur-config';
import { decideBlur, type SharpnessSample } from './blur-decision';

/**
 * Exported blur verdicts: each frame's sharpness as a ratio to the median of its own stream's neighbours,
 * so no global threshold on raw scores is needed. `score` stays the raw variance of Laplacian.
 */
export const blurStage = defineStage({
  name: 'blur',
  version: '1.1.0',
  description: "Flags frames whose fine detail drops below a fraction of their neighbours' (sequence-relative blur).",
  partition: 'stream',
  inputs: ['blur-features'],
  config: BlurConfig,
  records: {
    frame: Type.Object({ score: Type.Number(), sharpness: Type.Number(), reference: Type.Union([Type.Number(), Type.Null()]), ratio: Type.Union([Type.Number(), Type.Null()]), flag: Type.Boolean() }),
  },
  report: {
    findings: [{ key: 'blurry', label: 'Blurry', field: 'flag', score: 'ratio' }],
    charts: [
      {
        title: 'Sharpness',
        note: 'relative to neighbouring frames',
        series: [{ field: 'ratio', label: 'sharpness ÷ neighbours’ median' }],
        threshold: { config: 'threshold', label: 'blur threshold' },
        min: 0,
        markers: [{ finding: 'blurry', at: 'ratio', low: true }],
      },
    ],
  },
  run(input, ctx) {
    const features = input.inputs['blur-features'] ?? new Map<number, FrameRecord>();
    const samples: SharpnessSample[] = [];
    for (const frame of input.frames) {
      const rec = features.get(frame.index);
      if (rec === undefined) continue;
      samples.push({ index: frame.index, score: num(rec.score), sharpness: num(rec.sharpness) });
    }
    const verdicts = decideBlur(samples, ctx.config);
    return { frames: verdicts.map((v, i) => [samples[i].index, { ...v }] as const) };
  },
});

function num(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}
