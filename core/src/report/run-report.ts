import { openWorkspace } from '../workspace/open-workspace';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError } from '../errors';
import { exportSourceOf } from '../export/export-source';
import { writeFileAtomic } from '../fs/atomic-write';
import { ArtifactStore } from '../store/artifact-store';
import { JobStore, type JobRecord } from '../store/job-store';
import { buildReport, type ReportOptions, type ReportThresholds, type StreamReportSummary } from './build-report';
import type { ReportCounts } from './collect';

export interface ReportRequest extends Omit<ReportOptions, 'thresholds'> {
  readonly workspace: string;
  /** The HTML file to write (its folder is created). */
  readonly out: string;
  /** Default: the newest finished job. */
  readonly jobId?: string;
}

export interface ReportSummary {
  readonly jobId: string;
  readonly out: string;
  readonly bytes: number;
  readonly streams: readonly StreamReportSummary[];
  readonly counts: ReportCounts;
}

/** Loads a job like `winnow export` does and writes its HTML report. */
export async function runReport(req: ReportRequest): Promise<ReportSummary> {
  const layout = openWorkspace(req.workspace);
  const jobs = new JobStore(layout);
  const job = req.jobId ? await jobs.read(req.jobId) : await jobs.latestFinished();
  const source = await exportSourceOf(job, new ArtifactStore(layout));
  if (req.streams?.length) {
    const known = new Set(source.streams.flatMap((s) => [s.name, s.id]));
    const missing = req.streams.filter((s) => !known.has(s));
    if (missing.length)
      throw new WinnowError(ErrorCode.StreamNotFound, `job ${job.id} has no stream ${missing.join(', ')}`, {
        suggestions: [`streams of this job: ${source.streams.map((s) => s.name).join(', ')}`],
      });
  }
  const result = await buildReport(source, { ...req, thresholds: thresholdsOf(job) });
  const out = path.resolve(req.out);
  await fs.mkdir(path.dirname(out), { recursive: true });
  await writeFileAtomic(out, result.html);
  return { jobId: job.id, out, bytes: Buffer.byteLength(result.html), streams: result.streams, counts: result.counts };
}

/** Threshold lines follow the job's config where it overrode a stage default. */
function thresholdsOf(job: JobRecord): Partial<ReportThresholds> {
  const cfg = job.config as Record<string, Record<string, unknown> | undefined>;
  const pick = (stage: string, key: string) => (typeof cfg[stage]?.[key] === 'number' ? (cfg[stage]?.[key] as number) : undefined);
  const t: { -readonly [K in keyof ReportThresholds]?: number } = {};
  const blur = pick('blur', 'threshold');
  const dark = pick('darkness', 'threshold');
  const motion = pick('idle', 'motionZ');
  if (blur !== undefined) t.blur = blur;
  if (dark !== undefined) t.darkness = dark;
  if (motion !== undefined) t.motionZ = motion;
  return t;
}
