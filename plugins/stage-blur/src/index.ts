export { blurFeaturesStage, BLUR_VIEW_MAX_SIDE } from './blur-features-stage';
export { blurStage } from './blur-stage';
export { BlurConfig } from './blur-config';
export { decideBlur } from './blur-decision';
export type { BlurRule, BlurVerdict, SharpnessSample } from './blur-decision';
export { measureSharpness } from './sharpness';
export type { SharpnessFeatures } from './sharpness';
