import { defineStage } from '@winnow/sdk';
import { blockMeans, encodeGrid } from '@winnow/fingerprint';
import { IdleFeaturesConfig } from './config';

/** Longer side of the grey view the 64-block grid is averaged from. */
export const IDLE_VIEW_SIDE = 256;

/** Per-frame record of `idle-features` (a type alias so that it is assignable to FrameRecord). */
export type IdleFeatures = {
  readonly grid_w: number;
  readonly grid_h: number;
  /** Block means, base64 of little-endian uint16 round(mean x 64). */
  readonly grid: string;
};

export const idleFeaturesStage = defineStage({
  name: 'idle-features',
  version: '1.0.0',
  description: 'Per frame: a 64-block grid of grey means, for motion between consecutive frames.',
  partition: 'batch',
  inputs: ['frames'],
  exported: false,
  config: IdleFeaturesConfig,
  views: { motion: { kind: 'grey', maxSide: IDLE_VIEW_SIDE } },
  measure(frame) {
    const v = frame.views.motion;
    const grid = blockMeans(v.data, v.width, v.height);
    const record: IdleFeatures = { grid_w: grid.width, grid_h: grid.height, grid: encodeGrid(grid) };
    return record;
  },
});
