import type { BatchStage, FrameError, FrameRecord, StreamInfo, ViewSpec } from '@winnow/sdk';
import { errorFromData, errorMessage } from '../errors';
import type { FrameCounts } from '../store/checkpoint';
import { assignKey, keyInputsOf, type BatchPartition } from './batch-keys';
import { chunk, type Batch } from './batches';
import { abortableSleep } from './abortable-sleep';
import { PARTITION_MEDIA_TYPE, decodePartition, encodePartition } from './partition-output';
import type { PassInputs } from './pass-inputs';
import type { PreparedStage } from './prepared-stage';
import { addCounts, hostStageContext, type RunContext } from './run-context';
import { settleAll } from './semaphore';
import type { LaneFrame, MeasureResult, MeasureStage } from './tasks';

/** Frames per worker task: small enough to spread a batch over every worker, large enough to amortise a task. */
const CHUNK_FRAMES = 32;

/**
 * Computes the batch partitions of `todo` (the batch stages of one pass over one batch, every frame resolved):
 * settles what the stages decide from their inputs alone, decodes each remaining frame once in the worker pool
 * (GPU stages go on to the GPU workers with the views they need), and stores one artifact per stage, keying the
 * stages whose key waited for an upstream output of this batch. Throws when a task keeps failing.
 */
export async function measureBatch(ctx: RunContext, stream: StreamInfo & { dir: string }, batch: Batch, todo: readonly BatchPartition[], plan: readonly BatchPartition[], given: PassInputs): Promise<void> {
  const views: Record<string, ViewSpec> = {};
  for (const p of todo) if (p.stage.stage.partition === 'batch') for (const [name, key] of Object.entries(p.stage.viewKeys)) views[key] = p.stage.stage.views[name];
  const upstream = await upstreamRecords(ctx, plan, given);
  const records: Record<string, [number, FrameRecord][]> = Object.fromEntries(todo.map((p) => [p.stage.name, []]));
  const frameErrors: [number, FrameError][] = [];
  const producerOf = new Map([...[...given].map(([type, g]) => [type, g.producer] as const), ...plan.map((p) => [p.stage.output, p.stage.name] as const)]);
  const readable = settle(ctx, stream, batch, todo, producerOf, upstream, records);
  const specOf = (p: BatchPartition): MeasureStage => ({
    name: p.stage.name,
    hookModule: p.stage.registered.plugin.hookModule,
    config: p.stage.config,
    views: p.stage.viewKeys,
    inputs: Object.fromEntries(p.stage.inputs.filter((t) => t !== 'frames').map((t) => [t, producerOf.get(t) as string])),
  });
  const lane = laneOf(ctx, todo);
  const onCpu = todo.filter((p) => !lane.includes(p)).map(specOf);
  const onGpu = lane.map(specOf);
  const batched = lane.filter((p) => p.stage.batched).map((p) => p.stage.name);
  const keep = lane.length > 0 ? [...new Set(lane.flatMap((p) => Object.values(p.stage.viewKeys)))] : null;

  await settleAll(
    chunk(readable, CHUNK_FRAMES).map((frames) =>
      ctx.inflight.use(async () => {
        ctx.signal.throwIfAborted();
        const task = {
          streamDir: stream.dir,
          workspace: ctx.layout.root,
          stream: { id: stream.id, name: stream.name },
          frames: frames.map((f) => ({ index: f.index, path: f.path, blake3: f.blake3, width: f.width as number, height: f.height as number })),
          stages: onCpu,
          views,
          decodeMaxSide: plan[0].stage.decodeMaxSide,
          upstream,
          keep,
        };
        const result = await withRetries(ctx, () => ctx.pool.measure(task, ctx.signal));
        if (result.fatal) throw fatalError(result.fatal);
        collect(result, records, frameErrors);
        const decoded = laneFrames(frames, result);
        if (ctx.gpu && onGpu.length > 0 && decoded.length > 0) {
          const gpu = ctx.gpu;
          const laneTask = { workspace: ctx.layout.root, stream: { id: stream.id, name: stream.name }, frames: decoded, stages: onGpu, upstream: { ...upstream, ...recordsByIndex(result) }, batched };
          const out = await withRetries(ctx, () => gpu.measure(laneTask, ctx.signal));
          if (out.fatal) throw fatalError(out.fatal);
          collect(out, records, frameErrors);
        }
        ctx.progress.done += frames.length;
        ctx.progress.onProgress?.({ phase: 'measure', done: ctx.progress.done, total: ctx.progress.total });
      }),
    ),
  );

  frameErrors.sort((a, b) => a[0] - b[0]);
  const byOutput = keyInputsOf(given);
  for (const p of plan) {
    if (!p.output) {
      const frames = records[p.stage.name].sort((a, b) => a[0] - b[0]);
      const errors = p.stage.readsFrames ? frameErrors : [];
      if (p.key === null) assignKey(p, batch, byOutput);
      const artifact = await ctx.artifacts.put(encodePartition({ frames, errors, tables: {} }), PARTITION_MEDIA_TYPE, { stage: p.stage.name, version: p.stage.stage.version });
      const counts = frameCounts(p.stage, frames);
      p.output = { artifact, frames: frames.length, frameErrors: errors.length, ...(errors.length > 0 ? { errors } : {}), ...(counts ? { counts } : {}) };
    }
    byOutput.set(p.stage.output, { artifact: p.output.artifact });
  }
}

/** The stage's `counts` summed over the partition's records (an error record counts nothing). */
function frameCounts(stage: PreparedStage, frames: readonly [number, FrameRecord][]): FrameCounts | undefined {
  const { stage: s } = stage;
  if (s.partition !== 'batch' || !s.counts) return undefined;
  const total: Record<string, number> = {};
  for (const [, record] of frames) if (!record.error) addCounts(total, s.counts(record));
  return total;
}

/**
 * The stages of this batch that run in the GPU workers (when the run has any): GPU stages, and stages that read
 * what those compute in this batch (their inputs exist only there).
 */
function laneOf(ctx: RunContext, todo: readonly BatchPartition[]): BatchPartition[] {
  if (!ctx.gpu) return [];
  const lane: BatchPartition[] = [];
  const outputs = new Set<string>();
  for (const p of todo) {
    if (!p.stage.gpu && !p.stage.inputs.some((t) => outputs.has(t))) continue;
    lane.push(p);
    outputs.add(p.stage.output);
  }
  return lane;
}

/** The frames the CPU workers decoded, with the views they kept and their catalog fields. */
function laneFrames(frames: readonly Batch['frames'][number][], result: MeasureResult): LaneFrame[] {
  const byIndex = new Map(frames.map((f) => [f.index, f]));
  return (result.views ?? []).map(([index, views]) => {
    const f = byIndex.get(index) as Batch['frames'][number];
    return { index, path: f.path, blake3: f.blake3, width: f.width as number, height: f.height as number, views };
  });
}

/** A result's records as upstream records: per stage, per frame index. */
function recordsByIndex(result: MeasureResult): Record<string, Record<number, FrameRecord>> {
  return Object.fromEntries(Object.entries(result.records).map(([stage, rows]) => [stage, Object.fromEntries(rows)]));
}

function collect(result: MeasureResult, records: Record<string, [number, FrameRecord][]>, frameErrors: [number, FrameError][]): void {
  for (const [stage, rows] of Object.entries(result.records)) records[stage].push(...(rows as [number, FrameRecord][]));
  frameErrors.push(...(result.frameErrors as [number, FrameError][]));
}

/** Records of the inputs the stages to compute read that are already made: in earlier passes, or cached. */
async function upstreamRecords(ctx: RunContext, plan: readonly BatchPartition[], given: PassInputs): Promise<Record<string, Record<number, FrameRecord>>> {
  const needed = new Set(plan.filter((p) => !p.output).flatMap((p) => p.stage.inputs));
  const out: Record<string, Record<number, FrameRecord>> = {};
  for (const [type, g] of given) {
    if (needed.has(type)) out[g.producer] = g.records ?? Object.fromEntries(decodePartition(await ctx.artifacts.get(g.digest as string)).frames);
  }
  for (const p of plan) {
    if (!p.output || !needed.has(p.stage.output)) continue;
    out[p.stage.name] = Object.fromEntries(decodePartition(await ctx.artifacts.get(p.output.artifact)).frames);
  }
  return out;
}

/**
 * The stages to compute that have `settle` decide what they can from their inputs, in the host, before any
 * decode: their records go to `records`, and into `upstream` under the stage's own name, which tells the
 * workers not to measure them again (and lets later stages read them). Returns the readable frames still to
 * send to the workers: those some stage has not settled.
 */
function settle(
  ctx: RunContext,
  stream: StreamInfo,
  batch: Batch,
  todo: readonly BatchPartition[],
  producerOf: ReadonlyMap<string, string>,
  upstream: Record<string, Record<number, FrameRecord>>,
  records: Record<string, [number, FrameRecord][]>,
): Batch['frames'] {
  const readable = batch.frames.filter((f) => f.error === null);
  // Only stages that read inputs besides frames settle: those run after their producers, on catalogued frames.
  const settling = todo.filter((p) => p.stage.stage.partition === 'batch' && typeof p.stage.stage.settle === 'function' && p.stage.inputs.some((t) => t !== 'frames'));
  if (settling.length === 0) return readable;
  const open = new Map(readable.map((f) => [f.index, todo.length]));
  for (const p of settling) {
    const stage = p.stage.stage as Required<Pick<BatchStage, 'settle'>>;
    const inputs = (index: number) => Object.fromEntries(p.stage.inputs.flatMap((t) => (t === 'frames' ? [] : [[t, upstream[producerOf.get(t) as string]?.[index]]])));
    const frames = readable.map((f) => ({ index: f.index, path: f.path, blake3: f.blake3, width: f.width as number, height: f.height as number, inputs: inputs(f.index) }));
    const mine: Record<number, FrameRecord> = {};
    for (const [index, record] of stage.settle(frames, hostStageContext(ctx, p.stage.config, { id: stream.id, name: stream.name }))) {
      if (!open.has(index) || index in mine) continue;
      mine[index] = record;
      records[p.stage.name].push([index, record]);
      open.set(index, (open.get(index) as number) - 1);
    }
    upstream[p.stage.name] = mine;
  }
  const rest = readable.filter((f) => (open.get(f.index) as number) > 0);
  ctx.progress.done += readable.length - rest.length;
  return rest;
}

async function withRetries<T>(ctx: RunContext, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (ctx.signal.aborted || attempt >= ctx.options.retries) throw e;
      ctx.logger.warn(`retrying a task after: ${errorMessage(e)}`, { attempt: attempt + 1 });
      await abortableSleep(100 * 2 ** attempt, ctx.signal);
    }
  }
}

/** A stage's fatal error from a worker, as an error that keeps the stage's own code. */
function fatalError(f: NonNullable<MeasureResult['fatal']>): Error & { code?: string } {
  return errorFromData(f, `stage ${f.stage}: ${f.message}`);
}
