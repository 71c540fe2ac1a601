import type { FrameError, StageRecords, StageReport } from '@winnow/sdk';
import type { FrameCounts } from './checkpoint';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError } from '../errors';
import { readJsonIfExists, writeFileAtomic } from '../fs/atomic-write';
import { isAlive } from '../fs/file-lock';
import type { StreamRecord } from '../ingest/catalog';
import * as os from 'node:os';
import type { WorkspaceLayout } from '../workspace/layout';

export type JobState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface PartitionResult {
  readonly start: number;
  readonly end: number;
  readonly key: string | null;
  readonly state: 'SUCCEEDED' | 'FAILED' | 'BLOCKED';
  readonly artifact: string | null;
  /** Frames of this partition that could not be decoded (stages that read frames): how many, and which. */
  readonly frameErrors?: number;
  readonly errors?: readonly (readonly [number, FrameError])[];
  /** The stage's per-frame counts summed over the partition (stages that declare `counts`). */
  readonly counts?: FrameCounts;
}

export interface JobStream {
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  /**
   * SHA-256 of the catalog the job ran on (an artifact; unchanged streams share one), which export, report and
   * inspect read. null only for a job imported from state v1 whose stream changed after it ran.
   */
  readonly catalog: string | null;
  /** The stream's record (sequence, gaps, foreign files) as the job saw it. */
  readonly record: StreamRecord | null;
  /** Per stage, its partitions in frame order. */
  readonly stages: Record<string, PartitionResult[]>;
}

export interface JobPipelineStage {
  readonly name: string;
  readonly version: string;
  readonly plugin: string;
  readonly partition: string;
  readonly exported: boolean;
  /** The stage's declared records (see `Stage.records`): how exports type its columns. */
  readonly records?: StageRecords;
  /** What the report shows of the stage (its definition's `report`), and the config values it names. */
  readonly report?: StageReport;
  readonly reportSettings?: Readonly<Record<string, number>>;
}

export interface JobRecord {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly state: JobState;
  readonly mode: 'direct' | 'gateway';
  /** The process that runs (ran) it: a RUNNING job whose owner is gone was interrupted (see `jobStateOf`). */
  readonly owner: JobOwner;
  readonly inputs: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly pipeline: readonly JobPipelineStage[];
  readonly streams: readonly JobStream[];
  readonly summary: unknown;
}

export interface JobOwner {
  readonly pid: number;
  readonly host: string;
}

/** The job's state, with a RUNNING job whose process is gone (killed, or its machine restarted) shown as INTERRUPTED. */
export function jobStateOf(job: JobRecord): JobState | 'INTERRUPTED' {
  if (job.state !== 'RUNNING' || !job.owner) return job.state;
  if (job.owner.host !== os.hostname()) return job.state; // another host's process: not ours to judge
  return isAlive(job.owner.pid) ? job.state : 'INTERRUPTED';
}

/** Job records under `jobs/<id>.json`, written atomically. */
export class JobStore {
  readonly #layout: WorkspaceLayout;

  constructor(layout: WorkspaceLayout) {
    this.#layout = layout;
  }

  async write(job: JobRecord): Promise<void> {
    await writeFileAtomic(this.#layout.job(job.id), JSON.stringify(job, null, 2), this.#layout.tmp);
  }

  async read(id: string): Promise<JobRecord> {
    const file = this.#layout.job(id);
    const job = await readJsonIfExists<JobRecord>(file).catch((e: Error) => {
      throw new WinnowError(ErrorCode.WorkspaceInvalid, `job record ${file} is not JSON (${e.message})`, { suggestions: ['`winnow verify` lists what else is damaged; run the pipeline again for a new job'] });
    });
    if (!job) throw new WinnowError(ErrorCode.JobNotFound, `no job ${id} in ${this.#layout.root}`, { suggestions: ['list jobs with: winnow inspect jobs'] });
    return job;
  }

  /** Jobs newest first (ids sort by creation time). */
  async list(): Promise<string[]> {
    try {
      return (await fs.readdir(this.#layout.jobs)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => path.basename(n, '.json')).sort().reverse();
    } catch {
      return [];
    }
  }

  /** The newest finished job (succeeded, or failed with partial results) that `accept`s, or null. */
  async newestFinished(accept: (job: JobRecord) => boolean): Promise<JobRecord | null> {
    for (const id of await this.list()) {
      const job = await this.read(id).catch(() => null);
      if (job && (job.state === 'SUCCEEDED' || job.state === 'FAILED') && accept(job)) return job;
    }
    return null;
  }

  /** The newest job that finished (succeeded, or failed with partial results): what `export` uses by default. */
  async latestFinished(): Promise<JobRecord> {
    const job = await this.newestFinished(() => true);
    if (job) return job;
    throw new WinnowError(ErrorCode.JobNotFound, `no finished job in workspace ${this.#layout.root}`, { suggestions: ['run a pipeline first: winnow run --input DIR'] });
  }
}

/** Sortable, unique job ids: UTC time to the millisecond, then random. */
export function newJobId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '').replace('Z', '');
  return `${t}-${Math.random().toString(36).slice(2, 8)}`;
}
