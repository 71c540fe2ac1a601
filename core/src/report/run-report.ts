import { openWorkspace } from '../workspace/open-workspace';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError } from '../errors';
import { exportSourceOf } from '../export/export-source';
import { writeFileAtomic } from '../fs/atomic-write';
import { ArtifactStore } from '../store/artifact-store';
import { JobStore } from '../store/job-store';
import { buildReport, type ReportOptions, type StreamReportSummary } from './build-report';
import type { ReportCounts } from './collect';
import { declarationsOf } from './declared';

export interface ReportRequest extends ReportOptions {
  readonly workspace: string;
  /** The HTML file to write (its folder is created); thumbnails and frame details go to `<name>_files/` beside it. */
  readonly out: string;
  /** Default: the newest finished job. */
  readonly jobId?: string;
}

export interface ReportSummary {
  readonly jobId: string;
  readonly out: string;
  readonly bytes: number;
  readonly assets: string;
  readonly assetFiles: number;
  readonly thumbnailsMade: number;
  readonly streams: readonly StreamReportSummary[];
  readonly counts: ReportCounts;
  readonly unreadableByCode: Readonly<Record<string, number>>;
}

/** Loads a job like `winnow export` does and writes its review page. */
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
  const out = path.resolve(req.out);
  await fs.mkdir(path.dirname(out), { recursive: true });
  const result = await buildReport(source, declarationsOf(job.pipeline), out, req);
  await writeFileAtomic(out, result.html);
  const { html, ...rest } = result;
  return { ...rest, out, bytes: Buffer.byteLength(html) };
}
