import { openWorkspace } from '../workspace/open-workspace';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '@winnow/sdk';
import { applySchema } from '../config/apply-schema';
import { writeFileAtomic } from '../fs/atomic-write';
import type { StageRegistry } from '../registry/registry';
import { ArtifactStore } from '../store/artifact-store';
import { JobStore } from '../store/job-store';
import { claimExportFolder, lockExportFolder, publishStaged, removeExport, stagedFiles, STAGING_PREFIX } from './export-folder';
import { describeFile, MANIFEST, nextManifest } from './export-manifest';
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
  /**
   * Export into a folder that holds another job's export (whose files are removed first) or files that are not
   * a Winnow export (which stay).
   * @default false
   */
  readonly force?: boolean;
}

export interface ExportSummary {
  readonly jobId: string;
  readonly format: string;
  readonly outDir: string;
  readonly files: readonly string[];
  readonly manifest: string;
}

/**
 * Exports a job into a folder it owns: under the folder's lock, the exporter writes into a private staging
 * folder inside it (created exclusively; temporary names are never followed through a symlink), its files are
 * renamed into place and `manifest.json` says which job, config and stage versions made each file, with its
 * SHA-256 and row count. A failed export removes its staging folder (and the target, if it created it).
 */
export async function runExport(req: ExportRequest): Promise<ExportSummary> {
  const { exporter } = req.registry.exporter(req.format);
  const options = applySchema<Record<string, unknown>>(exporter.options, req.options ?? {}, req.format);
  const layout = openWorkspace(req.workspace);
  const jobs = new JobStore(layout);
  const job = req.jobId ? await jobs.read(req.jobId) : await jobs.latestFinished();
  const source = await exportSourceOf(job, new ArtifactStore(layout));
  const signal = req.signal ?? new AbortController().signal;
  const outDir = path.resolve(req.outDir);
  const created = (await fs.mkdir(outDir, { recursive: true })) !== undefined;
  const lock = await lockExportFolder(outDir, signal);
  let staging: string | null = null;
  let ok = false;
  try {
    const earlier = await claimExportFolder(outDir, job.id, req.force === true);
    staging = await fs.mkdtemp(path.join(outDir, STAGING_PREFIX));
    const result = await exporter.export(source, { options, outDir: staging, logger: req.logger, signal });
    const written = await stagedFiles(staging);
    const files = await Promise.all(written.map((f) => describeFile(staging as string, f, req.format, result.rows?.[f] ?? null)));
    if (earlier && earlier.jobId !== job.id) await removeExport(outDir, earlier);
    await publishStaged(staging, outDir, written);
    await writeFileAtomic(path.join(outDir, MANIFEST), JSON.stringify(nextManifest(job, req.format, files, earlier), null, 2) + '\n');
    ok = true;
    return { jobId: job.id, format: req.format, outDir, files: files.map((f) => f.path), manifest: MANIFEST };
  } finally {
    if (staging) await fs.rm(staging, { recursive: true, force: true });
    await lock.release();
    if (!ok && created) await fs.rmdir(outDir).catch(() => undefined);
  }
}
