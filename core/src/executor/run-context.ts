import type { Logger, StageContext, StreamInfo } from '@winnow/sdk';
import type { RunOptions } from '../config/run-options';
import type { ArtifactStore } from '../store/artifact-store';
import type { Checkpoint, CheckpointState, FrameCounts } from '../store/checkpoint';
import type { CheckpointStore } from '../store/checkpoint-store';
import type { EventJournal } from '../store/event-journal';
import type { SnapshotEntry } from '../store/snapshot-index';
import type { WorkspaceLayout } from '../workspace/layout';
import type { GpuPool } from './gpu-pool';
import type { Semaphore } from './semaphore';
import type { WorkerPool } from './worker-pool';

export interface StageCounters {
  computed: number;
  skipped: number;
  failed: number;
  blocked: number;
  /** The stage's per-frame counts summed over the job's partitions, computed or reused (stages that declare `counts`). */
  counts?: Record<string, number>;
}

/** The partition counters of a stage (everything of `StageCounters` but the frame counts). */
export const PARTITION_COUNTERS = ['computed', 'skipped', 'failed', 'blocked'] as const;
type PartitionCounter = (typeof PARTITION_COUNTERS)[number];

export interface RunFailure {
  readonly stage: string;
  readonly stream: string;
  readonly start: number;
  readonly end: number;
  readonly code: string;
  readonly message: string;
}

export interface Progress {
  readonly phase: 'ingest' | 'measure' | 'stream';
  /** Frames measured so far / frames that need measuring in this run. */
  readonly done: number;
  readonly total: number;
  /** `stream`: the stream stage that starts now. */
  readonly stage?: string;
}

/** The context of a stage the host runs in its own thread (a batch stage's `settle`, a job stage). */
export function hostStageContext(ctx: RunContext, config: unknown, stream: StreamInfo): StageContext<never> {
  return { config: config as never, stream, signal: ctx.signal, logger: ctx.logger, workspace: ctx.layout.root };
}

/** Shared state of one run: stores, pool, counters. Only the executor uses it. */
export interface RunContext {
  readonly jobId: string;
  readonly layout: WorkspaceLayout;
  readonly options: RunOptions;
  readonly artifacts: ArtifactStore;
  readonly checkpoints: CheckpointStore;
  readonly journal: EventJournal;
  readonly pool: WorkerPool;
  /** GPU worker processes, when the run has any: GPU stages (and stages reading them) run there. */
  readonly gpu: GpuPool | null;
  readonly inflight: Semaphore;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly counters: Record<string, StageCounters>;
  readonly failures: RunFailure[];
  readonly touched: SnapshotEntry[];
  readonly progress: { done: number; total: number; onProgress?: (p: Progress) => void };
}

/** Writes a checkpoint, journals the transition and remembers it for the snapshot index. */
export async function recordCheckpoint(ctx: RunContext, checkpoint: Checkpoint): Promise<void> {
  await ctx.checkpoints.write(checkpoint);
  const entry: SnapshotEntry = {
    stage: checkpoint.stage,
    stream: checkpoint.stream,
    start: checkpoint.start,
    end: checkpoint.end,
    key: checkpoint.key,
    state: checkpoint.state,
    artifact: checkpoint.output?.artifact ?? null,
  };
  ctx.touched.push(entry);
  await ctx.journal.append({ type: 'checkpoint', job: ctx.jobId, attempts: checkpoint.attempts, ...entry, error: checkpoint.error?.message });
}

export function count(ctx: RunContext, stage: string, what: PartitionCounter, counts?: FrameCounts): void {
  ctx.counters[stage] ??= { computed: 0, skipped: 0, failed: 0, blocked: 0 };
  ctx.counters[stage][what]++;
  if (counts) ctx.counters[stage].counts = addCounts(ctx.counters[stage].counts ?? {}, counts);
}

/** Frame counts for people: `400 frames, 120 annotated, 270 skipped near-duplicate, ...` in the stage's own order. */
export function formatCounts(counts: FrameCounts): string {
  return Object.entries(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

/** `into` plus `more`, key by key. */
export function addCounts(into: Record<string, number>, more: FrameCounts): Record<string, number> {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
  return into;
}

export function checkpointOf(
  base: Omit<Checkpoint, 'state' | 'updatedAt' | 'pid' | 'output' | 'error'>,
  state: CheckpointState,
  output: Checkpoint['output'] = null,
  error: Checkpoint['error'] = null,
): Checkpoint {
  return { ...base, state, output, error, updatedAt: new Date().toISOString(), pid: process.pid };
}
