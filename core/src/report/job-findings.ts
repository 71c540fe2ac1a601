import * as path from 'node:path';
import { exportSourceOf } from '../export/export-source';
import { readJsonIfExists, writeFileAtomic } from '../fs/atomic-write';
import { canonicalJson } from '../hashing/canonical-json';
import { sha256Hex } from '../hashing/sha256';
import { ArtifactStore } from '../store/artifact-store';
import { JobStore, type JobRecord } from '../store/job-store';
import { openWorkspace } from '../workspace/open-workspace';
import type { ReportCounts } from './collect';
import { collectJob } from './collect-job';
import { declarationsOf } from './declared';

/** What a job found, per stream and in total, by the keys its stages declare (labels say what each key is). */
export interface JobFindings {
  readonly jobId: string;
  /** Per count key, what it is (a finding's key: its label), in the order to show them. */
  readonly labels: Readonly<Record<string, string>>;
  readonly totals: ReportCounts;
  readonly streams: readonly StreamFindings[];
  /** Commands to run next. */
  readonly next: readonly string[];
}

export interface StreamFindings {
  readonly stream: string;
  readonly counts: ReportCounts;
  /** Per finding, the first few frames' paths (stream-relative). */
  readonly examples: Readonly<Record<string, readonly string[]>>;
}

const VERSION = 1;

/**
 * The findings of a finished job: one pass over its rows (as `winnow export` reads them), kept in the workspace
 * under a digest of every artifact the job read, so a rerun that computed nothing reads a small file instead.
 */
export async function jobFindings(workspace: string, jobId: string, options: { readonly examples?: number; readonly commandSuffix?: string } = {}): Promise<JobFindings> {
  const examples = options.examples ?? 3;
  const layout = openWorkspace(workspace);
  const job = await new JobStore(layout).read(jobId);
  const memo = path.join(layout.runtime, 'findings', `${sha256Hex(canonicalJson(memoParts(job, examples)))}.json`);
  const cached = await readJsonIfExists<Omit<JobFindings, 'jobId'>>(memo);
  const suffix = (found: Omit<JobFindings, 'jobId'>): JobFindings => ({ jobId, ...found, next: found.next.map((n) => `${n}${options.commandSuffix ?? ''}`) });
  if (cached) return suffix(cached);
  const source = await exportSourceOf(job, new ArtifactStore(layout));
  const collected = await collectJob(source, declarationsOf(job.pipeline), { maxGroupMembers: 1 });
  const { layout: laid } = collected;
  const labels: Record<string, string> = { frames: 'frames' };
  laid.findings.forEach((f) => (labels[f.key] = f.label));
  laid.groups.forEach((g) => (labels[g.key] = g.label));
  laid.intervals.forEach((iv) => (labels[iv.key] = iv.label));
  laid.facets.forEach((f) => f.count && (labels[f.count] = `${f.label}s`));
  if (laid.keep) labels.kept = 'Kept';
  const streams = collected.data.map((d): StreamFindings => {
    const ex: Record<string, string[]> = {};
    laid.findings.forEach((f, i) => {
      if (i >= 31 || !d.counts[f.key]) return;
      const paths: string[] = [];
      for (let p = 0; p < d.bits.length && paths.length < examples; p++) if (d.bits[p] & (1 << i)) paths.push(d.paths[p]);
      ex[f.key] = paths;
    });
    return { stream: d.name, counts: d.counts, examples: ex };
  });
  const next = ['winnow report --out report.html', ...(laid.keep ? ['winnow export --format keep-list --out kept/'] : []), 'winnow export --format jsonl --out export/'];
  const found = { labels, totals: collected.counts, streams, next };
  await writeFileAtomic(memo, JSON.stringify(found));
  return suffix(found);
}

function memoParts(job: JobRecord, examples: number) {
  return {
    version: VERSION,
    examples,
    pipeline: job.pipeline.map((p) => [p.name, p.version, p.report ?? null, p.reportSettings ?? null]),
    streams: job.streams.map((s) => [s.id, s.name, s.dir, s.catalog, Object.entries(s.stages).map(([stage, parts]) => [stage, parts.map((p) => [p.start, p.end, p.state, p.artifact])])]),
  };
}
