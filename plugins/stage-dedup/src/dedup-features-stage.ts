import { defineStage } from '@winnow/sdk';
import { blockMeans, encodeGrid } from '@winnow/fingerprint';
import { DedupFeaturesConfig } from './config';
import { phash, PHASH_THUMB } from './phash';

/** Longer side of the grey view the 64-block grid is averaged from. */
export const FINE_VIEW_SIDE = 256;

/** Per-frame record of `dedup-features`. */
// A type alias (not an interface) so that it is assignable to FrameRecord's index signature.
export type DedupFeatures = {
  /** Winnow pHash v1, 16 hex digits. */
  readonly phash: string;
  /** Block grid size. */
  readonly grid_w: number;
  readonly grid_h: number;
  /** Block means, base64 of little-endian uint16 round(mean x 64). */
  readonly grid: string;
};

export const dedupFeaturesStage = defineStage({
  name: 'dedup-features',
  version: '1.0.0',
  description: 'Per frame: a 64-bit pHash of a 32x32 grey thumbnail and a 64-block grid of grey means (near-duplicate fingerprints).',
  partition: 'batch',
  inputs: ['frames'],
  exported: false,
  config: DedupFeaturesConfig,
  views: {
    thumb: { kind: 'grey', width: PHASH_THUMB, height: PHASH_THUMB },
    fine: { kind: 'grey', maxSide: FINE_VIEW_SIDE },
  },
  measure(frame) {
    const { thumb, fine } = frame.views;
    const grid = blockMeans(fine.data, fine.width, fine.height);
    const record: DedupFeatures = { phash: phash(thumb.data, thumb.width, thumb.height), grid_w: grid.width, grid_h: grid.height, grid: encodeGrid(grid) };
    return record;
  },
});
