import * as path from 'node:path';
import type { BatchStage, FrameError, FrameRecord, StreamInfo, ViewSpec } from '@winnow/sdk';
import { errorFromData, errorMessage } from '../errors';
import { canonicalJson, canonicalMembers } from '../hashing/canonical-json';
import { tryLock } from '../fs/file-lock';
import { catalogFrame, sameStat } from '../ingest/catalog';
import { readBatchProbes, readCatalog, saveProbes } from '../ingest/ingest-stream';
import type { FrameProbe } from '../ingest/probe-frame';
import type { FrameCounts, Provenance } from '../store/checkpoint';
import type { PartitionRef } from '../store/checkpoint-store';
import type { PartitionResult } from '../store/job-store';
import { chunk, type Batch } from './batches';
import { settleAll } from './semaphore';
import { PARTITION_MEDIA_TYPE, decodePartition, encodePartition } from './partition-output';
import { partitionKey } from './partition-key';
import type { PassInputs } from './pass-inputs';
import type { PreparedStage } from './prepared-stage';
import { addCounts, checkpointOf, count, hostStageContext, recordCheckpoint, type RunContext } from './run-context';
import type { LaneFrame, MeasureResult, MeasureStage } from './tasks';

/** Frames per worker task: small enough to spread a batch over every worker, large enough to amortise a task. */
const CHUNK_FRAMES = 32;
const LOCK_POLL_MS = 200;

interface Planned {
  readonly stage: PreparedStage;
  key: string | null;
  provenance: Provenance | null;
  inputRefs: string[];
  artifact: string | null;
  frameErrors: number;
  errors: readonly (readonly [number, FrameError])[] | undefined;
  counts: FrameCounts | undefined;
  attempts: number;
}

/**
 * Runs the batch stages of one pass over one batch: skips what is checkpointed, settles what the stages decide
 * from their inputs alone, decodes each remaining frame once in the worker pool, stores one artifact and one
 * checkpoint per stage. Another process working on the same batch is waited for, not duplicated. A stage whose
 * input from an earlier pass (`given`) did not succeed, or that reads such a stage, is BLOCKED.
 */
export async function runBatch(ctx: RunContext, stream: StreamInfo & { dir: string }, batch: Batch, stages: readonly PreparedStage[], given: PassInputs = new Map()): Promise<Record<string, PartitionResult>> {
  const missing = new Set([...given].flatMap(([type, g]) => (g.digest === null ? [type] : [])));
  const blocked: Record<string, PartitionResult> = {};
  for (const s of stages) {
    if (!s.inputs.some((t) => missing.has(t))) continue;
    missing.add(s.output);
    count(ctx, s.name, 'blocked');
    blocked[s.name] = { start: batch.start, end: batch.end, key: null, state: 'BLOCKED', artifact: null };
  }
  const runnable = stages.filter((s) => !blocked[s.name]);
  return { ...(runnable.length > 0 ? await runStages(ctx, stream, batch, runnable, given) : {}), ...blocked };
}

async function runStages(ctx: RunContext, stream: StreamInfo & { dir: string }, batch: Batch, stages: readonly PreparedStage[], given: PassInputs): Promise<Record<string, PartitionResult>> {
  for (;;) {
    if (batch.frames.some((f) => f.pending)) {
      // New or changed frames: their digests (so the keys) are unknown until read, and reading them twice would
      // cost a full extra pass over the files; so they are probed in the same task that decodes them.
      const lock = await tryLock(ctx.layout.lock(`batch-${stream.id}-${batch.start}_${batch.end}`));
      if (!lock) await sleep(LOCK_POLL_MS);
      try {
        batch = await withSavedProbes(ctx, stream, batch);
        if (lock && batch.frames.some((f) => f.pending)) {
          const fused = await computeBatch(ctx, stream, batch, stages.map(unplanned), given, 'throw').catch((e) => {
            if (ctx.signal.aborted) throw e;
            return null;
          });
          if (fused) return fused;
          // The fused attempt failed: read the frames alone, so that the retries below run under known keys and
          // a batch that keeps failing is recorded FAILED with its error.
          batch = await probeBatch(ctx, stream, batch);
        }
      } finally {
        await lock?.release();
      }
      continue;
    }
    const plan = await planBatch(ctx, stream, batch, stages, given);
    const todo = plan.filter((p) => p.artifact === null);
    if (todo.length === 0) return finish(ctx, batch, plan, 'skipped');
    const lock = await tryLock(ctx.layout.lock(`batch-${stream.id}-${batch.start}_${batch.end}`));
    if (!lock) {
      await sleep(LOCK_POLL_MS); // another run is computing this batch: wait for its checkpoints
      continue;
    }
    try {
      const fresh = await planBatch(ctx, stream, batch, stages, given); // it may have finished just before we locked
      if (fresh.every((p) => p.artifact !== null)) return finish(ctx, batch, fresh, 'skipped');
      return await computeBatch(ctx, stream, batch, fresh, given);
    } finally {
      await lock.release();
    }
  }
}

function unplanned(stage: PreparedStage): Planned {
  return { stage, key: null, provenance: null, inputRefs: [], artifact: null, frameErrors: 0, errors: undefined, counts: undefined, attempts: 0 };
}

/**
 * Fills pending frames from the probes saved for this batch by an earlier or concurrent run, or from the
 * stream's catalog when a concurrent run already completed it (and removed its saved probes).
 */
async function withSavedProbes(ctx: RunContext, stream: StreamInfo, batch: Batch): Promise<Batch> {
  let known = await readBatchProbes(ctx.layout, stream.id, `${batch.start}_${batch.end}`);
  if (known.length === 0) known = ((await readCatalog(ctx.layout, stream.id).catch(() => null))?.frames ?? []).filter((f) => f.index >= batch.start && f.index <= batch.end);
  const saved = new Map(known.map((f) => [f.path, f]));
  if (saved.size === 0) return batch;
  const frames = batch.frames.map((f) => {
    const s = f.pending ? saved.get(f.path) : undefined;
    return s && s.index === f.index && sameStat(s.stat, f.stat) ? s : f;
  });
  return { ...batch, frames };
}

/** Probes the batch's pending frames without decoding them, and saves the probes. */
async function probeBatch(ctx: RunContext, stream: StreamInfo & { dir: string }, batch: Batch): Promise<Batch> {
  const pending = batch.frames.filter((f) => f.pending);
  const probes = await ctx.pool.probe(
    pending.map((f) => ({ file: path.join(stream.dir, f.path), label: `${stream.name}/${f.path}` })),
    ctx.signal,
  );
  return recordProbes(ctx, stream, batch, new Map(pending.map((f, i) => [f.index, probes[i]])));
}

async function planBatch(ctx: RunContext, stream: StreamInfo, batch: Batch, stages: readonly PreparedStage[], given: PassInputs): Promise<Planned[]> {
  const byOutput = outputsOf(given);
  const plan: Planned[] = [];
  for (const stage of stages) {
    const p = unplanned(stage);
    if (assignKey(p, batch, byOutput)) {
      const cp = await ctx.checkpoints.read(ref(stage, stream, batch), p.key as string);
      p.attempts = cp?.attempts ?? 0;
      if (cp?.state === 'SUCCEEDED' && cp.output && (await ctx.artifacts.present(cp.output.artifact))) {
        p.artifact = cp.output.artifact;
        p.frameErrors = cp.output.frameErrors;
        p.errors = cp.output.errors;
        p.counts = cp.output.counts;
      }
    }
    byOutput.set(stage.output, p);
    plan.push(p);
  }
  return plan;
}

/** What each artifact type read from an earlier pass stands for in keys (see `PassInput.digest`). */
function outputsOf(given: PassInputs): Map<string, { readonly artifact: string | null }> {
  return new Map([...given].map(([type, g]) => [type, { artifact: g.digest }]));
}

/**
 * Sets the stage's key from what it hashes: the frames' digests, upstream batch artifacts, and what earlier
 * passes gave. Returns false while an upstream artifact is not computed yet.
 */
function assignKey(p: Planned, batch: Batch, byOutput: ReadonlyMap<string, { readonly artifact: string | null }>): boolean {
  const inputs: Record<string, string> = {};
  const refs: string[] = [];
  for (const type of p.stage.inputs) {
    if (type === 'frames') {
      inputs.frames = framesJson(batch);
      refs.push(`frames:${batch.frames.length}`);
    } else {
      const up = byOutput.get(type);
      if (!up?.artifact) return false;
      inputs[type] = canonicalJson(up.artifact);
      refs.push(`${type}:${up.artifact}`);
    }
  }
  const { key, provenance } = partitionKey(p.stage, canonicalMembers(inputs));
  p.key = key;
  p.provenance = provenance;
  p.inputRefs = refs;
  return true;
}

const framesJsonOf = new WeakMap<Batch['frames'], string>();

/** The `[frame_idx, blake3]` list a batch's keys hash, serialised once for every stage that reads the frames. */
function framesJson(batch: Batch): string {
  let json = framesJsonOf.get(batch.frames);
  if (json === undefined) {
    json = canonicalJson(batch.frames.map((f) => [f.index, f.blake3]));
    framesJsonOf.set(batch.frames, json);
  }
  return json;
}

async function computeBatch(
  ctx: RunContext,
  stream: StreamInfo & { dir: string },
  batch: Batch,
  plan: Planned[],
  given: PassInputs,
  onFailure: 'record' | 'throw' = 'record',
): Promise<Record<string, PartitionResult>> {
  const todo = plan.filter((p) => p.artifact === null);
  for (const p of todo) {
    p.attempts++;
    if (p.key) await recordCheckpoint(ctx, checkpointOf(base(p, stream, batch), 'RUNNING'));
  }
  const views: Record<string, ViewSpec> = {};
  for (const p of todo) if (p.stage.stage.partition === 'batch') for (const [name, key] of Object.entries(p.stage.viewKeys)) views[key] = p.stage.stage.views[name];
  const upstream = await upstreamRecords(ctx, plan, given);
  const records: Record<string, [number, FrameRecord][]> = Object.fromEntries(todo.map((p) => [p.stage.name, []]));
  const frameErrors: [number, FrameError][] = [];
  const producerOf = new Map([...[...given].map(([type, g]) => [type, g.producer] as const), ...plan.map((p) => [p.stage.output, p.stage.name] as const)]);
  const readable = settle(ctx, stream, batch, todo, producerOf, upstream, records);
  const probes = new Map<number, FrameProbe>();
  const specOf = (p: Planned): MeasureStage => ({
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

  try {
    await settleAll(
      chunk(readable, CHUNK_FRAMES).map((frames) =>
        ctx.inflight.use(async () => {
          ctx.signal.throwIfAborted();
          const result = await withRetries(ctx, () =>
            ctx.pool.measure(
              {
                streamDir: stream.dir,
                workspace: ctx.layout.root,
                stream: { id: stream.id, name: stream.name },
                frames: frames.map((f) => ({ index: f.index, path: f.path, blake3: f.blake3, width: f.width as number, height: f.height as number, probe: f.pending })),
                stages: onCpu,
                views,
                decodeMaxSide: plan[0].stage.decodeMaxSide,
                upstream,
                keep,
              },
              ctx.signal,
            ),
          );
          if (result.fatal) throw fatalError(result.fatal);
          collect(result, records, frameErrors);
          for (const [i, probe] of result.probes ?? []) probes.set(i, probe);
          const decoded = laneFrames(frames, result);
          if (ctx.gpu && onGpu.length > 0 && decoded.length > 0) {
            const gpu = ctx.gpu;
            const task = { workspace: ctx.layout.root, stream: { id: stream.id, name: stream.name }, frames: decoded, stages: onGpu, upstream: { ...upstream, ...recordsByIndex(result) }, batched };
            const out = await withRetries(ctx, () => gpu.measure(task, ctx.signal));
            if (out.fatal) throw fatalError(out.fatal);
            collect(out, records, frameErrors);
          }
          ctx.progress.done += frames.length;
          ctx.progress.onProgress?.({ phase: 'measure', done: ctx.progress.done, total: ctx.progress.total });
        }),
      ),
    );
  } catch (e) {
    if (ctx.signal.aborted || onFailure === 'throw') throw e;
    return fail(ctx, stream, batch, plan, e);
  }

  frameErrors.sort((a, b) => a[0] - b[0]);
  if (probes.size > 0) batch = await recordProbes(ctx, stream, batch, probes);
  const byOutput = outputsOf(given);
  for (const p of plan) {
    if (p.artifact === null) {
      const frames = records[p.stage.name].sort((a, b) => a[0] - b[0]);
      const errors = p.stage.readsFrames ? frameErrors : [];
      assignKey(p, batch, byOutput);
      p.artifact = await ctx.artifacts.put(encodePartition({ frames, errors, tables: {} }), PARTITION_MEDIA_TYPE, { stage: p.stage.name, version: p.stage.stage.version });
      p.frameErrors = errors.length;
      p.errors = errors.length > 0 ? errors : undefined;
      p.counts = frameCounts(p.stage, frames);
      await recordCheckpoint(ctx, checkpointOf(base(p, stream, batch), 'SUCCEEDED', { artifact: p.artifact, frames: frames.length, frameErrors: errors.length, ...(p.errors ? { errors: p.errors } : {}), ...(p.counts ? { counts: p.counts } : {}) }));
    }
    byOutput.set(p.stage.output, p);
  }
  return finish(ctx, batch, plan, 'computed', todo);
}

/** Completes the batch's pending frames with their probes and saves them before any checkpoint is written. */
async function recordProbes(ctx: RunContext, stream: StreamInfo, batch: Batch, probes: ReadonlyMap<number, FrameProbe>): Promise<Batch> {
  const frames = batch.frames.map((f) => {
    const probe = f.pending ? probes.get(f.index) : undefined;
    return probe ? catalogFrame(f.index, f.path, f.stat, probe) : f;
  });
  if (frames.some((f) => f.pending)) throw new Error(`batch ${batch.start}..${batch.end} of ${stream.name}: a frame was not probed`);
  await saveProbes(ctx.layout, stream.id, `${batch.start}_${batch.end}`, frames.filter((_, i) => batch.frames[i].pending));
  return { ...batch, frames };
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
function laneOf(ctx: RunContext, todo: readonly Planned[]): Planned[] {
  if (!ctx.gpu) return [];
  const lane: Planned[] = [];
  const outputs = new Set<string>();
  for (const p of todo) {
    if (!p.stage.gpu && !p.stage.inputs.some((t) => outputs.has(t))) continue;
    lane.push(p);
    outputs.add(p.stage.output);
  }
  return lane;
}

/** The frames the CPU workers decoded, with the views they kept and their catalog fields (probed ones updated). */
function laneFrames(frames: readonly Batch['frames'][number][], result: MeasureResult): LaneFrame[] {
  const byIndex = new Map(frames.map((f) => [f.index, f]));
  const probed = new Map(result.probes ?? []);
  return (result.views ?? []).map(([index, views]) => {
    const f = byIndex.get(index) as Batch['frames'][number];
    const p = probed.get(index);
    return { index, path: f.path, blake3: p?.blake3 ?? f.blake3, width: (p?.width ?? f.width) as number, height: (p?.height ?? f.height) as number, views };
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
async function upstreamRecords(ctx: RunContext, plan: readonly Planned[], given: PassInputs): Promise<Record<string, Record<number, FrameRecord>>> {
  const needed = new Set(plan.filter((p) => p.artifact === null).flatMap((p) => p.stage.inputs));
  const out: Record<string, Record<number, FrameRecord>> = {};
  for (const [type, g] of given) {
    if (needed.has(type)) out[g.producer] = g.records ?? Object.fromEntries(decodePartition(await ctx.artifacts.get(g.digest as string)).frames);
  }
  for (const p of plan) {
    if (p.artifact === null || !needed.has(p.stage.output)) continue;
    out[p.stage.name] = Object.fromEntries(decodePartition(await ctx.artifacts.get(p.artifact)).frames);
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
  todo: readonly Planned[],
  producerOf: ReadonlyMap<string, string>,
  upstream: Record<string, Record<number, FrameRecord>>,
  records: Record<string, [number, FrameRecord][]>,
): Batch['frames'] {
  const readable = batch.frames.filter((f) => f.pending || f.error === null);
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
      await sleep(100 * 2 ** attempt);
    }
  }
}

async function fail(ctx: RunContext, stream: StreamInfo, batch: Batch, plan: Planned[], e: unknown): Promise<Record<string, PartitionResult>> {
  const error = { code: (e as { code?: string }).code ?? 'WINNOW_STAGE_FAILED', message: errorMessage(e), stack: (e as Error).stack };
  const out: Record<string, PartitionResult> = {};
  for (const p of plan) {
    if (p.artifact !== null) {
      out[p.stage.name] = { start: batch.start, end: batch.end, key: p.key, state: 'SUCCEEDED', artifact: p.artifact };
      continue;
    }
    if (p.key) await recordCheckpoint(ctx, checkpointOf(base(p, stream, batch), 'FAILED', null, error));
    count(ctx, p.stage.name, 'failed');
    ctx.failures.push({ stage: p.stage.name, stream: stream.id, start: batch.start, end: batch.end, code: error.code, message: error.message });
    out[p.stage.name] = { start: batch.start, end: batch.end, key: p.key, state: 'FAILED', artifact: null };
  }
  return out;
}

function finish(ctx: RunContext, batch: Batch, plan: readonly Planned[], how: 'computed' | 'skipped', computed: readonly Planned[] = []): Record<string, PartitionResult> {
  const out: Record<string, PartitionResult> = {};
  for (const p of plan) {
    count(ctx, p.stage.name, how === 'computed' && computed.includes(p) ? 'computed' : 'skipped', p.counts);
    out[p.stage.name] = { start: batch.start, end: batch.end, key: p.key, state: 'SUCCEEDED', artifact: p.artifact, frameErrors: p.frameErrors, ...(p.errors ? { errors: p.errors } : {}), ...(p.counts ? { counts: p.counts } : {}) };
  }
  return out;
}

function base(p: Planned, stream: StreamInfo, batch: Batch) {
  return {
    key: p.key as string,
    stage: p.stage.name,
    stream: stream.id,
    start: batch.start,
    end: batch.end,
    attempts: p.attempts,
    provenance: p.provenance as Provenance,
    inputRefs: p.inputRefs,
  };
}

function ref(stage: PreparedStage, stream: StreamInfo, batch: Batch): PartitionRef {
  return { stage: stage.name, stream: stream.id, start: batch.start, end: batch.end };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A stage's fatal error from a worker, as an error that keeps the stage's own code. */
function fatalError(f: NonNullable<MeasureResult['fatal']>): Error & { code?: string } {
  return errorFromData(f, `stage ${f.stage}: ${f.message}`);
}
