import { openWorkspace } from '../workspace/open-workspace';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '@winnow/sdk';
import { applySchema } from '../config/apply-schema';
import type { StageRegistry } from '../registry/registry';
import { ArtifactStore } from '../store/artifact-store';
import { JobStore } from '../store/job-store';
import { exportSourceOf } from './export-source';

export interface ExportRequest {
  readonly workspace: string;
  readonly format: string;
  readonly outDir: string;
  /** Default: the newest finished job. */
  readonly jobId?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly registry: StageRegistry;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

export interface ExportSummary {
  readonly jobId: string;
  readonly format: string;
  readonly outDir: string;
  readonly files: readonly string[];
}

export async function runExport(req: ExportRequest): Promise<ExportSummary> {
  const { exporter } = req.registry.exporter(req.format);
  const options = applySchema<Record<string, unknown>>(exporter.options, req.options ?? {}, req.format);
  const layout = openWorkspace(req.workspace);
  const jobs = new JobStore(layout);
  const job = req.jobId ? await jobs.read(req.jobId) : await jobs.latestFinished();
  const source = await exportSourceOf(job, new ArtifactStore(layout));
  const outDir = path.resolve(req.outDir);
  await fs.mkdir(outDir, { recursive: true });
  const result = await exporter.export(source, { options, outDir, logger: req.logger, signal: req.signal ?? new AbortController().signal });
  return { jobId: job.id, format: req.format, outDir, files: result.files };
}
