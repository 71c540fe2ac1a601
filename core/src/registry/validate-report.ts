import type { StageReport } from '@winnow/sdk';

const KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Problems of a stage's `report` declaration, each saying what to fix: fields must be strings, keys plain words,
 * config names keys of the stage's config schema, markers findings of the stage itself.
 */
export function reportProblems(report: StageReport, configKeys: readonly string[]): string[] {
  const out: string[] = [];
  const str = (v: unknown, what: string) => typeof v === 'string' && v.length > 0 ? true : (out.push(`report: ${what} must be a non-empty string`), false);
  const key = (v: unknown, what: string) => str(v, what) && (KEY.test(v as string) || (out.push(`report: ${what} ${JSON.stringify(v)} must be letters, digits, '-' or '_'`), false));
  const cfg = (v: unknown, what: string) => str(v, what) && (configKeys.includes(v as string) || (out.push(`report: ${what} ${JSON.stringify(v)} is not a key of the stage's config (${configKeys.join(', ') || 'none'})`), false));
  const list = <T>(v: readonly T[] | undefined, what: string): readonly T[] => (v === undefined ? [] : Array.isArray(v) ? v : (out.push(`report: ${what} must be an array`), []));
  const findings = list(report.findings, 'findings');
  findings.forEach((f, i) => {
    key(f.key, `findings[${i}].key`);
    str(f.label, `findings[${i}].label`);
    str(f.field, `findings[${i}].field`);
  });
  list(report.charts, 'charts').forEach((c, i) => {
    str(c.title, `charts[${i}].title`);
    list(c.series, `charts[${i}].series`).forEach((s, j) => {
      str(s.field, `charts[${i}].series[${j}].field`);
      if (s.times !== undefined) cfg(s.times, `charts[${i}].series[${j}].times`);
    });
    if (c.threshold !== undefined) cfg(c.threshold.config, `charts[${i}].threshold.config`);
    list(c.markers, `charts[${i}].markers`).forEach((m, j) => {
      if (!findings.some((f) => f.key === m.finding)) out.push(`report: charts[${i}].markers[${j}].finding ${JSON.stringify(m.finding)} is not one of this stage's findings`);
    });
  });
  if (report.intervals) (key(report.intervals.key, 'intervals.key'), str(report.intervals.table, 'intervals.table'));
  if (report.groups) (key(report.groups.key, 'groups.key'), str(report.groups.field, 'groups.field'));
  if (report.objects) (str(report.objects.field, 'objects.field'), str(report.objects.box, 'objects.box'));
  list(report.facets, 'facets').forEach((f, i) => str(f.field, `facets[${i}].field`));
  if (report.keep !== undefined) str(report.keep, 'keep');
  return out;
}
