export { API_VERSION } from './api-version';
export { defineExporter } from './exporter';
export type { ExportResult, ExportRow, ExportSource, ExportStream, Exporter, ExporterContext } from './exporter';
export { defineContribution } from './plugin';
export type { PluginContribution, StagesHookOptions } from './plugin';
export type { ReportChart, ReportFacet, ReportFinding, ReportGroups, ReportIntervals, ReportObjects, ReportSeries, StageReport } from './report';
export { defineStage, fatalStageError } from './stage';
export type {
  BatchStage,
  FrameError,
  FrameInput,
  FrameRecord,
  FingerprintContext,
  FrameRef,
  JobInput,
  JobResult,
  JobStage,
  JobStreamInput,
  Logger,
  Resources,
  SettleInput,
  Stage,
  StageContext,
  StageRecords,
  StreamInfo,
  StreamInput,
  StreamResult,
  StreamStage,
} from './stage';
export type { FrameView, ViewSpec, ViewSpecs, Views } from './views';
export { Type } from './typebox';
export type { Static, TObject, TSchema } from '@sinclair/typebox';
