import type { ReportChart, ReportObjects } from '@winnow/sdk';
import type { ReportDeclaration } from './declared';

/** A finding as the page uses it: bit `1 << index` of a frame's finding bits. Index 0 is the catalog's `unreadable`. */
export interface LaidFinding {
  readonly key: string;
  readonly label: string;
  readonly stage: string | null;
  readonly field: string;
  readonly unless?: string;
  readonly score?: string;
}

export interface LaidFacet {
  readonly key: string;
  readonly label: string;
  readonly stage: string;
  readonly field: string;
  readonly count?: string;
}

export interface LaidGroups {
  readonly key: string;
  readonly label: string;
  readonly stage: string;
  readonly field: string;
  readonly across: boolean;
}

export interface LaidIntervals {
  readonly key: string;
  readonly label: string;
  readonly stage: string;
  readonly table: string;
}

export interface LaidChart {
  readonly stage: string;
  readonly chart: ReportChart;
  readonly settings: Readonly<Record<string, number>>;
}

/** Every stage's declaration merged into what one report renders, in pipeline order. */
export interface ReportLayout {
  readonly findings: readonly LaidFinding[];
  readonly facets: readonly LaidFacet[];
  readonly keep: { readonly stage: string; readonly field: string } | null;
  readonly groups: readonly LaidGroups[];
  readonly intervals: readonly LaidIntervals[];
  readonly charts: readonly LaidChart[];
  readonly objects: readonly { readonly stage: string; readonly spec: ReportObjects }[];
}

/** At most this many findings get a filter bit (a frame's bits are one 32-bit number); the rest are only counted. */
export const MAX_FILTER_FINDINGS = 31;

export const UNREADABLE: LaidFinding = { key: 'unreadable', label: 'Unreadable', stage: null, field: 'error' };

export function layoutOf(declarations: readonly ReportDeclaration[]): ReportLayout {
  const findings: LaidFinding[] = [UNREADABLE];
  const facets: LaidFacet[] = [];
  const groups: LaidGroups[] = [];
  const intervals: LaidIntervals[] = [];
  const charts: LaidChart[] = [];
  const objects: { stage: string; spec: ReportObjects }[] = [];
  let keep: ReportLayout['keep'] = null;
  const keys = new Set(['frames', 'readable', 'unreadable', 'kept']);
  // A key two stages declare is shown once, under the first (a plugin cannot blank another's numbers).
  const fresh = (key: string) => !keys.has(key) && (keys.add(key), true);
  for (const { stage, report, settings } of declarations) {
    for (const f of report.findings ?? []) if (fresh(f.key)) findings.push({ ...f, stage });
    for (const f of report.facets ?? []) facets.push({ key: `${stage}.${f.field}`, label: f.label, stage, field: f.field, ...(f.count && fresh(f.count) ? { count: f.count } : {}) });
    if (report.groups && fresh(report.groups.key)) groups.push({ key: report.groups.key, label: report.groups.label, stage, field: report.groups.field, across: report.groups.across === true });
    if (report.intervals && fresh(report.intervals.key)) intervals.push({ ...report.intervals, stage });
    for (const chart of report.charts ?? []) charts.push({ stage, chart, settings });
    if (report.objects) objects.push({ stage, spec: report.objects });
    if (report.keep && !keep) keep = { stage, field: report.keep };
  }
  return { findings, facets, keep, groups, intervals, charts, objects };
}
