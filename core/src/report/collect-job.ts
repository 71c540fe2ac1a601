import type { ExportRow, ExportSource } from '@winnow/sdk';
import { collectStream, GroupIndex, type ReportCounts, type Shared, type StreamData } from './collect';
import type { ReportDeclaration } from './declared';
import { layoutOf, type ReportLayout } from './report-layout';

export interface CollectedJob {
  readonly layout: ReportLayout;
  readonly data: readonly StreamData[];
  readonly shared: Shared;
  /** Totals over the collected streams (group counts: groups shown, across streams too). */
  readonly counts: ReportCounts;
  readonly unreadableByCode: Readonly<Record<string, number>>;
}

/** Keys of the findings that declare a score, in layout order (the page's sort keys). */
export function declaredScoreKeys(declarations: readonly ReportDeclaration[]): string[] {
  return layoutOf(declarations)
    .findings.filter((f) => f.score)
    .map((f) => f.key);
}

/**
 * One pass over the rows of a job's streams (those named in `streams`, by name or id; default all), gathering
 * what the stages declare. `onRow` sees every row, `onStream` every stream once its rows are read.
 */
export async function collectJob(
  source: ExportSource,
  declarations: readonly ReportDeclaration[],
  options: { readonly streams?: readonly string[]; readonly maxGroupMembers: number; readonly signal?: AbortSignal },
  onRow: (stream: number, row: ExportRow) => void | Promise<void> = () => undefined,
  onStream: (d: StreamData) => void | Promise<void> = () => undefined,
): Promise<CollectedJob> {
  const layout = layoutOf(declarations);
  const wanted = options.streams?.length ? new Set(options.streams) : null;
  const streams = source.streams.filter((s) => !wanted || wanted.has(s.name) || wanted.has(s.id));
  const shared: Shared = { layout, facetValues: layout.facets.map(() => new Map()), groups: layout.groups.map((g) => new GroupIndex(g.across, options.maxGroupMembers)) };
  const data: StreamData[] = [];
  for (const [n, s] of streams.entries()) {
    const d = await collectStream(s, n, shared, (row) => onRow(n, row), options.signal);
    await onStream(d);
    data.push(d);
  }
  const counts: ReportCounts = {};
  const byCode: Record<string, number> = {};
  for (const d of data) {
    for (const [k, v] of Object.entries(d.counts)) counts[k] = (counts[k] ?? 0) + v;
    for (const [k, v] of Object.entries(d.unreadableByCode)) byCode[k] = (byCode[k] ?? 0) + v;
  }
  layout.groups.forEach((g, i) => {
    const shown = shared.groups[i].shown();
    counts[g.key] = shown.length;
    for (const d of data) d.counts[g.key] = g.across ? 0 : shown.filter((id) => shared.groups[i].groups[id].streams.has(d.n)).length;
  });
  return { layout, data, shared, counts, unreadableByCode: byCode };
}
