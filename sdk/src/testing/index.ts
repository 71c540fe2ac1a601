export { runStageConformance } from './stage-conformance';
export { ConformanceError, formatReport } from './conformance-error';
export type { CheckStatus, ConformanceCheck, ConformanceReport, StageConformanceOptions } from './conformance-options';
export { writeTestStream } from './test-stream';
export type { TestStream } from './test-stream';
export { stageContext } from './stage-context';
