import { defineStage, Type } from '@winnow/sdk';
import { histogramStats } from './histogram-stats';
import { lumaHistogram } from './luma-histogram';

/** Same view as the blur features, so both share one decode and one area-averaged view. */
export const DARKNESS_VIEW_MAX_SIDE = 480;

/** Per-frame exposure statistics of a 480-pixel grey view (not exported; the `darkness` stage exports them with its verdict). */
export const darknessFeaturesStage = defineStage({
  name: 'darkness-features',
  version: '1.0.0',
  description: 'Per-frame luma statistics of a 480-pixel grey view: mean, p05, p50, p95 and the interpolated median.',
  partition: 'batch',
  inputs: ['frames'],
  views: { grey: { kind: 'grey', maxSide: DARKNESS_VIEW_MAX_SIDE } },
  exported: false,
  config: Type.Object({}),
  measure(frame) {
    const s = histogramStats(lumaHistogram(frame.views.grey));
    return { mean: s.mean, p05: s.p05, p50: s.p50, p95: s.p95, level: s.level };
  },
});
