export { IdleConfig, IdleFeaturesConfig } from './config';
export { idleFeaturesStage, IDLE_VIEW_SIDE } from './idle-features-stage';
export type { IdleFeatures } from './idle-features-stage';
export { idleIntervals } from './idle-intervals';
export type { IdleInterval, MotionStep } from './idle-intervals';
export { idleStage } from './idle-stage';
export { motionSeries } from './motion-series';
export type { MotionFrame, MotionStepDetail } from './motion-series';
export { runningMedian } from './running-median';
