import type { Stage, StageReport } from '@winnow/sdk';

/** A stage's report declaration as a job keeps it: the declaration plus the config values it refers to. */
export interface ReportDeclaration {
  readonly stage: string;
  readonly report: StageReport;
  /** The stage config's values (defaults applied) named by `threshold.config` and `times`. */
  readonly settings: Readonly<Record<string, number>>;
}

/** What the job record keeps of a stage's declaration, with the config values it names resolved at run time. */
export function reportEntry(stage: Stage, config: unknown): { report?: StageReport; reportSettings?: Record<string, number> } {
  const report = stage.report;
  if (!report) return {};
  const cfg = (config ?? {}) as Record<string, unknown>;
  const settings: Record<string, number> = {};
  for (const chart of report.charts ?? []) {
    for (const key of [chart.threshold?.config, ...chart.series.map((s) => s.times)]) {
      if (key !== undefined && typeof cfg[key] === 'number') settings[key] = cfg[key] as number;
    }
  }
  return { report, reportSettings: settings };
}

/** The declarations of a job's pipeline, in pipeline order. */
export function declarationsOf(pipeline: readonly { readonly name: string; readonly report?: StageReport; readonly reportSettings?: Readonly<Record<string, number>> }[]): ReportDeclaration[] {
  return pipeline.filter((p) => p.report).map((p) => ({ stage: p.name, report: p.report as StageReport, settings: p.reportSettings ?? {} }));
}
