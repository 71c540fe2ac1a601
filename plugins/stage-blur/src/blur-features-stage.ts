import { defineStage, Type } from '@winnow/sdk';
import { measureSharpness } from './sharpness';

/** Longer side of the analysis view. The decode is shared with other stages, and at this size it costs no more than smaller ones. */
export const BLUR_VIEW_MAX_SIDE = 480;

/**
 * Per-frame blur features (not exported): the pinned raw score and the noise-corrected sharpness that the
 * `blur` stage judges against each frame's neighbours. See the README for the exact definition.
 */
export const blurFeaturesStage = defineStage({
  name: 'blur-features',
  version: '1.0.0',
  description: 'Per-frame sharpness features of a 480-pixel grey view: variance of Laplacian, fine-band energy, noise floor.',
  partition: 'batch',
  inputs: ['frames'],
  views: { grey: { kind: 'grey', maxSide: BLUR_VIEW_MAX_SIDE } },
  exported: false,
  config: Type.Object({}),
  measure(frame) {
    const f = measureSharpness(frame.views.grey);
    return { score: f.score, mean: f.mean, band: f.band, noise: f.noise, sharpness: f.sharpness };
  },
});
