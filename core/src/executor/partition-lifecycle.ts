import { errorMessage } from '../errors';
import { tryLock } from '../fs/file-lock';
import type { Checkpoint, Provenance } from '../store/checkpoint';
import type { PartitionRef } from '../store/checkpoint-store';
import type { PartitionResult } from '../store/job-store';
import { abortableSleep } from './abortable-sleep';
import { checkpointOf, count, recordCheckpoint, type RunContext } from './run-context';

/** How long a run waits before it looks again at partitions another process is computing. */
const LOCK_POLL_MS = 200;

export type CheckpointOutput = NonNullable<Checkpoint['output']>;

/** One checkpointed partition of a stage, as a unit of work plans it. */
export interface PlannedPartition {
  readonly ref: PartitionRef;
  /** null: known only once earlier partitions of the same work are computed (a stage reading one of them). */
  key: string | null;
  provenance: Provenance | null;
  inputRefs: readonly string[];
  attempts: number;
  /** Usable output: from a checkpoint whose artifact is present and intact, or computed by this run. */
  output: CheckpointOutput | null;
}

/**
 * A unit of work over one or more partitions that are computed together under one lock: a batch of frames for
 * every batch stage of a pass (decoded once), a stream stage over a stream, a job stage over a job. The kinds
 * differ only here; everything else (checkpoint checks, the lock, RUNNING / SUCCEEDED / FAILED, counters,
 * failures) is `runPartitions`.
 */
export interface PartitionWork<P extends PlannedPartition> {
  /** Lock name: one process computes these partitions at a time; another waits for its checkpoints. */
  readonly lock: string;
  /** The partitions in order, keys assigned and usable checkpoints looked up (`lookUp`). */
  plan(): Promise<P[]>;
  /** Computes the partitions that have no output: sets each one's `output` (and `key`, where it was null). Throws when the work failed. */
  compute(todo: readonly P[], plan: readonly P[]): Promise<void>;
  /** The failure as recorded in the checkpoints and the run's failures. Default: the error's own message. */
  describe?(e: unknown): string;
}

/**
 * Fills `p.attempts` and, when its checkpoint SUCCEEDED and its artifact is present and intact, `p.output`. An
 * artifact found corrupt is set aside, so the partition is computed again.
 */
export async function lookUp(ctx: RunContext, p: PlannedPartition): Promise<PlannedPartition> {
  if (p.key === null) return p;
  const cp = await ctx.checkpoints.read(p.ref, p.key);
  p.attempts = cp?.attempts ?? 0;
  p.output = cp?.state === 'SUCCEEDED' && cp.output && (await ctx.artifacts.intact(cp.output.artifact)) ? cp.output : null;
  return p;
}

/**
 * The lifecycle of every partition: reuse what is checkpointed; otherwise take the lock (waiting, abortably,
 * while another process holds it), look again (it may have finished them meanwhile), mark the rest RUNNING,
 * compute, and record each SUCCEEDED with its output or FAILED with the error. Returns the results in plan order.
 */
export async function runPartitions<P extends PlannedPartition>(ctx: RunContext, work: PartitionWork<P>): Promise<PartitionResult[]> {
  for (;;) {
    const plan = await work.plan();
    if (plan.every((p) => p.output)) return finish(ctx, plan, []);
    ctx.signal.throwIfAborted();
    const lock = await tryLock(ctx.layout.lock(work.lock));
    if (!lock) {
      await abortableSleep(LOCK_POLL_MS, ctx.signal);
      continue;
    }
    try {
      const fresh = await work.plan();
      if (fresh.every((p) => p.output)) return finish(ctx, fresh, []);
      return await compute(ctx, work, fresh);
    } finally {
      await lock.release();
    }
  }
}

async function compute<P extends PlannedPartition>(ctx: RunContext, work: PartitionWork<P>, plan: readonly P[]): Promise<PartitionResult[]> {
  const todo = plan.filter((p) => !p.output);
  for (const p of todo) {
    p.attempts++;
    if (p.key) await recordCheckpoint(ctx, checkpointOf(base(p), 'RUNNING'));
  }
  try {
    await work.compute(todo, plan);
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    return fail(ctx, work, plan, todo, e);
  }
  for (const p of todo) {
    if (!p.key || !p.output) throw new Error(`partition ${describeRef(p.ref)} was not computed`);
    await recordCheckpoint(ctx, checkpointOf(base(p), 'SUCCEEDED', p.output));
  }
  return finish(ctx, plan, todo);
}

async function fail<P extends PlannedPartition>(ctx: RunContext, work: PartitionWork<P>, plan: readonly P[], todo: readonly P[], e: unknown): Promise<PartitionResult[]> {
  const error = { code: (e as { code?: string }).code ?? 'WINNOW_STAGE_FAILED', message: work.describe?.(e) ?? errorMessage(e), stack: (e as Error).stack };
  return Promise.all(
    plan.map(async (p): Promise<PartitionResult> => {
      const { ref } = p;
      if (!todo.includes(p)) {
        count(ctx, ref.stage, 'skipped', p.output?.counts);
        return result(p);
      }
      if (p.key) await recordCheckpoint(ctx, checkpointOf(base(p), 'FAILED', null, error));
      count(ctx, ref.stage, 'failed');
      ctx.failures.push({ stage: ref.stage, stream: ref.stream, start: ref.start, end: ref.end, code: error.code, message: error.message });
      return { start: ref.start, end: ref.end, key: p.key, state: 'FAILED', artifact: null };
    }),
  );
}

function finish(ctx: RunContext, plan: readonly PlannedPartition[], computed: readonly PlannedPartition[]): PartitionResult[] {
  return plan.map((p) => {
    count(ctx, p.ref.stage, computed.includes(p) ? 'computed' : 'skipped', p.output?.counts);
    return result(p);
  });
}

function result(p: PlannedPartition): PartitionResult {
  const o = p.output as CheckpointOutput;
  return { start: p.ref.start, end: p.ref.end, key: p.key, state: 'SUCCEEDED', artifact: o.artifact, frameErrors: o.frameErrors, ...(o.errors ? { errors: o.errors } : {}), ...(o.counts ? { counts: o.counts } : {}) };
}

function base(p: PlannedPartition) {
  return { key: p.key as string, ...p.ref, attempts: p.attempts, provenance: p.provenance as Provenance, inputRefs: p.inputRefs };
}

function describeRef(ref: PartitionRef): string {
  return `${ref.stage} ${ref.stream} ${ref.start}..${ref.end}`;
}
