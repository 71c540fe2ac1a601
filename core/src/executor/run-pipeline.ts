import * as os from 'node:os';
import type { Logger } from '@winnow/sdk';
import { effectiveGpuWorkers, effectiveWorkers } from '../config/run-options';
import { ErrorCode, WinnowError } from '../errors';
import { resolveRunConfig } from '../config/run-config';
import { resolveStreamDirs } from '../ingest/stream-folder';
import { completeStream, scanStream, type StreamScan } from '../ingest/ingest-stream';
import type { Catalog } from '../ingest/catalog';
import type { StageRegistry } from '../registry/registry';
import { ArtifactStore } from '../store/artifact-store';
import { CheckpointStore } from '../store/checkpoint-store';
import { EventJournal } from '../store/event-journal';
import { JobStore, newJobId, type JobRecord, type JobStream, type PartitionResult } from '../store/job-store';
import { SnapshotIndex } from '../store/snapshot-index';
import { WorkspaceLayout } from '../workspace/layout';
import { openWorkspace } from '../workspace/open-workspace';
import { sweepWorkspace } from '../workspace/sweep-workspace';
import { batchesOf } from './batches';
import { decodePartition } from './partition-output';
import { prepareStages, type PreparedStage } from './prepared-stage';
import { passInputs } from './pass-inputs';
import { runBatch } from './run-batch';
import { probeFiles } from './resolve-frames';
import { PARTITION_COUNTERS, type Progress, type RunContext, type RunFailure, type StageCounters } from './run-context';
import { runJobStage } from './run-job-stage';
import { runStreamStage } from './run-stream-stage';
import { Semaphore, mapLimit, settleAll } from './semaphore';
import { GpuPool, type GpuPoolHealth } from './gpu-pool';
import { WorkerPool } from './worker-pool';
import { reportEntry } from '../report/declared';

export interface RunRequest {
  readonly inputs: readonly string[];
  /** Raw config: run options and per-stage sections (file merged with flags). Defaults are applied here. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly workspace: string;
  readonly registry: StageRegistry;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
  readonly mode?: JobRecord['mode'];
  readonly jobId?: string;
  /** A pool shared by several runs (the gateway daemon): used as is and left open. Default: a pool of `workers` for this run. */
  readonly pool?: WorkerPool;
  /** GPU worker processes shared by several runs, likewise. Default: `gpuWorkers` processes for this run, when it has a GPU stage. */
  readonly gpuPool?: GpuPool;
}

export interface UnreadableFrame {
  readonly stream: string;
  readonly frame_idx: number;
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface RunSummary {
  readonly jobId: string;
  readonly workspace: string;
  readonly state: JobRecord['state'];
  readonly streams: number;
  readonly frames: number;
  readonly unreadableFrames: number;
  /** Every unreadable frame, with its stream-relative path and the reason (ingest or decode). */
  readonly unreadable: readonly UnreadableFrame[];
  /** Per stream, what ingest found wrong with the sequence (recorded, not fatal unless ingest.strict). */
  readonly sequences: readonly { readonly stream: string; readonly gaps: readonly (readonly [number, number])[]; readonly duplicateIndices: number; readonly foreign: readonly string[] }[];
  /** Frames measured in this run, summed over passes: decoded, or settled from their inputs (0 when everything was checkpointed). */
  readonly framesMeasured: number;
  readonly partitions: StageCounters;
  readonly stages: Readonly<Record<string, StageCounters>>;
  readonly failures: readonly RunFailure[];
  readonly workers: number;
  /** Where the GPU stages ran: the GPU worker processes (chunks, devices), or null: in the CPU workers. */
  readonly gpu: GpuPoolHealth | null;
  readonly batchSize: number;
  readonly elapsedMs: number;
  /** CPU time of this process (every thread: main and workers) while the pipeline ran, user + system, ms. */
  readonly cpuMs: number;
  /** Frames measured per second of the run; null when it measured none (everything was reused): no rate to report. */
  readonly framesPerSecond: number | null;
}

/** Direct mode: ingest every stream, run the pipeline over it, record the job. */
export async function runPipeline(req: RunRequest): Promise<RunSummary> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const { options, ordered, configOf } = resolveRunConfig(req.registry, req.config);
  // The same real folder given twice (or through a symlink) is one stream.
  const inputs = resolveStreamDirs(req.inputs);
  const layout = openWorkspace(req.workspace);
  const swept = await sweepWorkspace(layout);
  if (Object.keys(swept).length > 0) req.logger.debug('removed what dead processes left in the workspace', { removed: swept });
  const gpuWorkers = req.gpuPool?.size ?? effectiveGpuWorkers(options);
  const stages = await prepareStages(ordered, configOf, layout.root, gpuWorkers);
  const jobs = new JobStore(layout);
  const workers = req.pool?.size ?? effectiveWorkers(options);
  const pool = req.pool ?? new WorkerPool(workers);
  const gpu = gpuWorkers > 0 && stages.some((s) => s.gpu) ? (req.gpuPool ?? new GpuPool(gpuWorkers)) : null;
  const abort = new AbortController();
  const onAbort = () => abort.abort(req.signal?.reason);
  if (req.signal?.aborted) onAbort();
  else req.signal?.addEventListener('abort', onAbort, { once: true });
  const ctx: RunContext = {
    jobId: req.jobId ?? newJobId(),
    layout,
    options,
    artifacts: new ArtifactStore(layout),
    checkpoints: new CheckpointStore(layout),
    journal: new EventJournal(layout),
    pool,
    gpu,
    inflight: new Semaphore(workers * 2),
    logger: req.logger,
    signal: abort.signal,
    counters: Object.fromEntries(stages.map((s) => [s.name, { computed: 0, skipped: 0, failed: 0, blocked: 0 }])),
    failures: [],
    touched: [],
    progress: { done: 0, total: 0, onProgress: req.onProgress },
  };
  const now = new Date().toISOString();
  const job: JobRecord = {
    id: ctx.jobId,
    createdAt: now,
    updatedAt: now,
    state: 'RUNNING',
    mode: req.mode ?? 'direct',
    owner: { pid: process.pid, host: os.hostname() },
    inputs,
    config: req.config,
    pipeline: stages.map((s) => ({
      name: s.name,
      version: s.stage.version,
      plugin: s.registered.plugin.name,
      partition: s.stage.partition,
      exported: s.stage.exported !== false,
      records: s.stage.records,
      ...reportEntry(s.stage, s.config),
    })),
    streams: [],
    summary: null,
  };
  await jobs.write(job);
  await ctx.journal.append({ type: 'job.started', job: ctx.jobId, mode: job.mode, inputs, stages: stages.map((s) => s.name) });

  const catalogs: Catalog[] = [];
  let streams: JobStream[] = [];
  let state: JobRecord['state'] = 'SUCCEEDED';
  let thrown: unknown = null;
  // Partitions of the streams scanned so far, and the job stages: what an interrupted run reports it kept of.
  let planned = stages.filter((s) => s.stage.partition === 'job').length;
  try {
    // Frames are read in the pass that decodes them unless strict ingest must judge the whole stream first, or
    // no stage reads pixels.
    const fuse = !options.ingest.strict && stages.some((s) => s.readsFrames && Object.keys(s.viewKeys).length > 0);
    const scans: StreamScan[] = [];
    for (const input of inputs) {
      abort.signal.throwIfAborted();
      const scan = await scanStream(input, options.ingest, layout);
      scans.push(fuse ? scan : await catalogAsScan(scan, layout, ctx));
      planned += partitionsOf(stages, scan, options.batchSize);
    }
    // Every pass with batch stages goes over every readable frame (decoded, or settled without pixels).
    const batchPasses = new Set(stages.filter((s) => s.stage.partition === 'batch').map((s) => s.pass)).size;
    ctx.progress.total = batchPasses * scans.reduce((n, s) => n + s.frames.filter((f) => !f.error).length, 0);
    const done = await settleAll(scans.map((s) => runStream(ctx, s, stages)));
    streams = done.map((d) => d.stream);
    catalogs.push(...done.map((d) => d.catalog));
    const producers = new Map(stages.map((s) => [s.output, s.name]));
    for (const stage of stages.filter((s) => s.stage.partition === 'job')) {
      abort.signal.throwIfAborted();
      const part = await runJobStage(ctx, catalogs, streams, stage, producers);
      for (const s of streams) s.stages[stage.name] = [part];
    }
    if (ctx.failures.length > 0) state = 'FAILED';
  } catch (e) {
    state = abort.signal.aborted ? 'CANCELLED' : 'FAILED';
    thrown = e;
  }
  req.signal?.removeEventListener('abort', onAbort);
  if (!req.pool) await pool.close();
  if (gpu && !req.gpuPool) await gpu.close();
  const unreadable = await unreadableFrames(ctx, catalogs, streams, stages).catch(() => []);
  const summary = summarise(ctx, catalogs, unreadable, state, workers, started, cpuStart);
  await jobs.write({ ...job, state, streams, summary, updatedAt: new Date().toISOString() });
  await new SnapshotIndex(layout).update(ctx.touched);
  await ctx.journal.append({ type: 'job.finished', job: ctx.jobId, state, framesMeasured: summary.framesMeasured, failures: ctx.failures.length });
  if (thrown) throw state === 'CANCELLED' ? interruptedError(summary, planned, thrown) : thrown;
  return summary;
}

/**
 * A completed catalog in scan form (nothing pending): what runs without the fused first pass. The catalog it
 * just wrote is its prior, so completing it again after the batches finds it unchanged and writes nothing.
 */
async function catalogAsScan(scan: StreamScan, layout: WorkspaceLayout, ctx: RunContext): Promise<StreamScan> {
  const catalog = await completeStream(scan, layout, (items) => probeFiles(ctx, items));
  return { ...scan, frames: catalog.frames, prior: catalog };
}

/**
 * One stream, pass by pass (see `PlannedStage.pass`): each pass runs its batch stages over every batch, then its
 * stream stages in the worker pool, each once those it reads are done (other streams' batches go on meanwhile).
 * The first pass also reads new frames (BLAKE3, header) in the task that decodes them.
 */
async function runStream(ctx: RunContext, scan: StreamScan, stages: readonly PreparedStage[]): Promise<{ stream: JobStream; catalog: Catalog }> {
  const info = { id: scan.id, name: scan.name, dir: scan.dir };
  const results: Record<string, PartitionResult[]> = Object.fromEntries(stages.map((s) => [s.name, []]));
  const producers = new Map(stages.map((s) => [s.output, s.name]));
  const passes = 1 + Math.max(0, ...stages.filter((s) => s.stage.partition !== 'job').map((s) => s.pass));
  let frames = scan.frames;
  let catalog: Catalog | null = null;
  for (let pass = 0; pass < passes; pass++) {
    const batchStages = stages.filter((s) => s.stage.partition === 'batch' && s.pass === pass);
    if (batchStages.length > 0) {
      const given = await passInputs(ctx, stages, results, pass);
      // Two batches at a time per stream keep every worker busy across a batch boundary.
      const perBatch = await mapLimit(batchesOf(frames, ctx.options.batchSize), 2, (b) => runBatch(ctx, info, b, batchStages, given(b)));
      for (const r of perBatch) for (const [stage, part] of Object.entries(r)) results[stage].push(part);
    }
    // Frames read by the first pass saved their probes; any left (a failed batch) are probed now.
    catalog ??= await completeStream(scan, ctx.layout, (items) => probeFiles(ctx, items));
    frames = catalog.frames;
    // Side by side in the worker pool, each as soon as the stream stages it reads are done: on a stream's last
    // pass nothing else may be left for the other workers to do.
    const running = new Map<string, Promise<void>>();
    for (const stage of stages.filter((s) => s.stage.partition === 'stream' && s.pass === pass)) {
      const after = stage.inputs.flatMap((type) => running.get(producers.get(type) as string) ?? []);
      const known = catalog;
      running.set(
        stage.name,
        Promise.all(after).then(async () => {
          ctx.signal.throwIfAborted();
          results[stage.name].push(await runStreamStage(ctx, known, stage, results, producers));
        }),
      );
    }
    // Every stage settles before the pass ends, so that a failure never leaves another one writing behind it.
    const failed = (await Promise.allSettled(running.values())).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
  const known = catalog as Catalog;
  return { stream: { ...info, catalog: known.digest, record: known.stream, stages: results }, catalog: known };
}

function summarise(
  ctx: RunContext,
  catalogs: readonly Catalog[],
  unreadable: readonly UnreadableFrame[],
  state: JobRecord['state'],
  workers: number,
  started: number,
  cpuStart: NodeJS.CpuUsage,
): RunSummary {
  const elapsedMs = performance.now() - started;
  const frames = catalogs.reduce((n, c) => n + c.frames.length, 0);
  const partitions: StageCounters = { computed: 0, skipped: 0, failed: 0, blocked: 0 };
  for (const c of Object.values(ctx.counters)) for (const k of PARTITION_COUNTERS) partitions[k] += c[k];
  return {
    jobId: ctx.jobId,
    workspace: ctx.layout.root,
    state,
    streams: catalogs.length,
    frames,
    unreadableFrames: unreadable.length,
    unreadable,
    sequences: catalogs.map((c) => ({ stream: c.stream.name, gaps: c.stream.gaps, duplicateIndices: c.stream.duplicateIndices.length, foreign: c.stream.foreign })),
    framesMeasured: ctx.progress.done,
    partitions,
    stages: ctx.counters,
    failures: ctx.failures,
    workers,
    gpu: ctx.gpu?.health() ?? null,
    batchSize: ctx.options.batchSize,
    elapsedMs: Math.round(elapsedMs),
    cpuMs: cpuMsSince(cpuStart),
    framesPerSecond: ctx.progress.done > 0 && elapsedMs > 0 ? Math.round((ctx.progress.done / elapsedMs) * 1000 * 10) / 10 : null,
  };
}

/** Every partition a scanned stream has in this pipeline: its batches for each batch stage, and its stream stages. */
function partitionsOf(stages: readonly PreparedStage[], scan: StreamScan, batchSize: number): number {
  const batches = batchesOf(scan.frames, batchSize).length;
  return stages.reduce((n, s) => n + (s.stage.partition === 'batch' ? batches : s.stage.partition === 'stream' ? 1 : 0), 0);
}

/** An interrupted run's error: how much of its work is checkpointed (kept), so the same command resumes from there. */
function interruptedError(summary: RunSummary, planned: number, cause: unknown): WinnowError {
  const kept = summary.partitions.computed + summary.partitions.skipped;
  return new WinnowError(ErrorCode.Interrupted, `interrupted: ${kept} of ${planned} partitions kept; run the same command to resume`, {
    cause,
    details: { jobId: summary.jobId, kept, planned },
  });
}

/** user + system CPU of the whole process since `start`, ms (RUSAGE_SELF: all threads). */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return Math.round((user + system) / 1000);
}

/**
 * Frames that could not be read at ingest, and those that failed to decode (every stage that reads frames saw
 * the same ones: only the partitions whose checkpoint counted decode errors are read).
 */
async function unreadableFrames(ctx: RunContext, catalogs: readonly Catalog[], streams: readonly JobStream[], stages: readonly PreparedStage[]): Promise<UnreadableFrame[]> {
  const reader = stages.find((s) => s.readsFrames);
  const out: UnreadableFrame[] = [];
  for (const c of catalogs) {
    const paths = new Map(c.frames.map((f) => [f.index, f.path]));
    const errors = new Map(c.frames.flatMap((f) => (f.error ? [[f.index, f.error] as const] : [])));
    const parts = (reader && streams.find((s) => s.id === c.stream.id)?.stages[reader.name]) || [];
    for (const p of parts) {
      if (!p.frameErrors || !p.artifact) continue;
      // Checkpoints list their decode errors; older ones only in their artifact.
      for (const [i, e] of p.errors ?? decodePartition(await ctx.artifacts.get(p.artifact)).errors) if (!errors.has(i)) errors.set(i, e);
    }
    for (const [i, e] of [...errors].sort((a, b) => a[0] - b[0])) out.push({ stream: c.stream.name, frame_idx: i, path: paths.get(i) ?? '', code: e.code, message: e.message });
  }
  return out;
}
