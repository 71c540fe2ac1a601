import { existsSync, promises as fs, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError, errorMessage } from '../errors';
import { readJsonIfExists, writeFileAtomic } from '../fs/atomic-write';
import { filesUnder } from '../fs/files-under';
import type { CatalogFrame, StreamRecord } from '../ingest/catalog';
import { canonicalJson, canonicalMembers } from '../hashing/canonical-json';
import { sha256Hex } from '../hashing/sha256';
import { CheckpointStore } from '../store/checkpoint-store';
import { CATALOG_MEDIA_TYPE, parseCatalog } from '../ingest/catalog-file';
import { ArtifactStore } from '../store/artifact-store';
import type { JobRecord, JobStream } from '../store/job-store';
import { STATE_VERSION, WorkspaceLayout } from '../workspace/layout';

export interface StateImport {
  readonly workspace: string;
  readonly from: string;
  readonly to: string;
  readonly checkpoints: number;
  readonly streams: number;
  /** Streams whose v1 catalog was unreadable or invalid: not imported (the next run reads them again). */
  readonly skippedStreams: readonly { readonly stream: string; readonly reason: string }[];
  readonly jobs: number;
  /** Jobs whose stream changed after they ran: their catalog is unknown, so they cannot be exported (run again). */
  readonly jobsWithoutCatalog: readonly string[];
}

/** v1 jobs had no catalog of their own: the stream's catalog file was rewritten whenever the stream changed. */
type V1JobStream = Omit<JobStream, 'catalog' | 'record'>;

/**
 * Translates a workspace's `state/v1` into `state/v2`, once: checkpoints, events, snapshots and the queue are
 * carried over as they are; each stream's catalog becomes a content-addressed artifact; each job records the
 * catalog it ran on where that is certain (its checkpoints hashed exactly these frames), and none where the
 * stream changed since. Written into a staging folder and renamed into place, so an interrupted import
 * leaves no half state; `state/v1` is left as it was. Artifacts are shared and untouched.
 */
export async function importState(workspace: string): Promise<StateImport> {
  const layout = new WorkspaceLayout(workspace);
  const from = layout.stateOf('v1');
  if (!existsSync(from)) throw new WinnowError(ErrorCode.WorkspaceInvalid, `nothing to import: ${layout.root} has no state/v1`);
  if (existsSync(layout.state)) {
    throw new WinnowError(ErrorCode.WorkspaceInvalid, `${layout.state} already exists: the workspace was imported or used by this release already`, {
      suggestions: ['remove state/v2 first to import state/v1 again (its results are then lost)'],
    });
  }
  const staging = `${layout.state}.import-${process.pid}`;
  await fs.rm(staging, { recursive: true, force: true });
  for (const dir of ['stages', 'events', 'snapshots', 'queue']) {
    if (existsSync(path.join(from, dir))) await fs.cp(path.join(from, dir), path.join(staging, dir), { recursive: true });
  }
  const into = new WorkspaceLayout(layout.root, staging);
  const artifacts = new ArtifactStore(into);
  const catalogs = new Map<string, { digest: string; record: StreamRecord; frames: CatalogFrame[] }>();
  const skippedStreams: { stream: string; reason: string }[] = [];
  for (const id of listDir(path.join(from, 'streams'))) {
    const dir = path.join(from, 'streams', id);
    try {
      const record = (await readJsonIfExists<StreamRecord>(path.join(dir, 'stream.json'))) as StreamRecord;
      const file = path.join(dir, 'frames.jsonl');
      const data = await fs.readFile(file);
      const frames = parseCatalog(data, file);
      const digest = await artifacts.put(data, CATALOG_MEDIA_TYPE, { stage: 'ingest', version: STATE_VERSION });
      await writeFileAtomic(path.join(into.stream(id), 'stream.json'), JSON.stringify({ stream: record, catalog: digest }, null, 2), into.tmp);
      catalogs.set(id, { digest, record, frames });
    } catch (e) {
      skippedStreams.push({ stream: id, reason: errorMessage(e) });
    }
  }
  const jobsWithoutCatalog: string[] = [];
  let jobs = 0;
  for (const name of listDir(path.join(from, 'jobs')).filter((n) => n.endsWith('.json'))) {
    const job = await readJsonIfExists<Omit<JobRecord, 'streams'> & { streams: V1JobStream[] }>(path.join(from, 'jobs', name)).catch(() => null);
    if (!job) continue;
    const streams: JobStream[] = [];
    for (const s of job.streams) {
      const c = catalogs.get(s.id);
      const certain = c !== undefined && (await ranOn(c.frames, s, job, into));
      streams.push({ ...s, catalog: certain ? c.digest : null, record: certain ? c.record : null });
    }
    if (streams.some((s) => s.catalog === null)) jobsWithoutCatalog.push(job.id);
    await writeFileAtomic(path.join(staging, 'jobs', name), JSON.stringify({ ...job, streams }, null, 2), into.tmp);
    jobs++;
  }
  await fs.rm(into.tmp, { recursive: true, force: true });
  await fs.rename(staging, layout.state);
  return { workspace: layout.root, from, to: layout.state, checkpoints: filesUnder(path.join(layout.state, 'stages'), '.json').length, streams: catalogs.size, skippedStreams, jobs, jobsWithoutCatalog };
}

/**
 * Whether the job ran on exactly these frames: the frames' `[index, blake3]` of every batch of a stage that reads
 * only frames hash to the inputs its checkpoint records (`provenance.inputsHash`), and those batches cover every
 * frame. Anything unknown is a no: the job is then not exportable rather than exported with the wrong catalog.
 */
async function ranOn(frames: readonly CatalogFrame[], s: V1JobStream, job: Pick<JobRecord, 'pipeline'>, layout: WorkspaceLayout): Promise<boolean> {
  const checkpoints = new CheckpointStore(layout);
  for (const stage of job.pipeline.filter((p) => p.partition === 'batch')) {
    const parts = s.stages[stage.name] ?? [];
    if (parts.length === 0 || parts.some((p) => !p.key)) continue;
    let covered = 0;
    let fits = true;
    for (const p of parts) {
      const cp = await checkpoints.read({ stage: stage.name, stream: s.id, start: p.start, end: p.end }, p.key as string);
      if (!cp || cp.inputRefs.length !== 1 || !cp.inputRefs[0].startsWith('frames:')) {
        fits = false;
        break;
      }
      const mine = frames.filter((f) => f.index >= p.start && f.index <= p.end);
      covered += mine.length;
      if (sha256Hex(canonicalMembers({ frames: canonicalJson(mine.map((f) => [f.index, f.blake3])) })) !== cp.provenance.inputsHash) return false;
    }
    if (fits) return covered === frames.length;
  }
  return false;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return [];
  }
}
