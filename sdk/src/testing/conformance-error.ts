import type { ConformanceReport } from './conformance-options';

/** Thrown by `runStageConformance` when a check fails; the message lists every failed check. */
export class ConformanceError extends Error {
  readonly code = 'WINNOW_CONFORMANCE_FAILED';
  readonly report: ConformanceReport;

  constructor(report: ConformanceReport) {
    const failed = report.checks.filter((c) => c.status === 'failed');
    super(`stage ${report.stage} (plugin ${report.plugin}) fails ${failed.length} conformance check(s):\n${failed.map((c) => `  - ${c.id}: ${c.detail}`).join('\n')}`);
    this.name = 'ConformanceError';
    this.report = report;
  }
}

/** Renders a report as lines, one per check. */
export function formatReport(report: ConformanceReport): string {
  const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' } as const;
  return [`conformance of stage ${report.stage} (${report.plugin}, ${report.partition}):`, ...report.checks.map((c) => `  ${mark[c.status]} ${c.id}: ${c.detail}`)].join('\n');
}
