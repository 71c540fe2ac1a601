export { darknessFeaturesStage, DARKNESS_VIEW_MAX_SIDE } from './darkness-features-stage';
export { darknessStage } from './darkness-stage';
export { DarknessConfig } from './darkness-config';
export { decideExposure } from './exposure-decision';
export type { ExposureRule, ExposureSample, ExposureVerdict } from './exposure-decision';
export { histogramStats } from './histogram-stats';
export type { ExposureStats } from './histogram-stats';
export { lumaHistogram } from './luma-histogram';
export { windowPercentiles } from './window-percentile';
