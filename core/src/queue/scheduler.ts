import { openWorkspace } from '../workspace/open-workspace';
import type { Logger } from '@winnow/sdk';
import { ErrorCode, errorMessage, isWinnowError } from '../errors';
import { runPipeline, type RunSummary } from '../executor/run-pipeline';
import { PARTITION_COUNTERS, type StageCounters } from '../executor/run-context';
import type { GpuPool } from '../executor/gpu-pool';
import type { WorkerPool } from '../executor/worker-pool';
import type { StageRegistry } from '../registry/registry';
import { JobQueue } from './job-queue';
import type { QueueEntry, QueueError } from './queue-entry';
import { DEFAULT_RETRY_POLICY, backoffMs, validateRetryPolicy, type RetryPolicy } from './retry-policy';
import { withFields } from './with-fields';

export interface SchedulerOptions {
  readonly workspace: string;
  readonly registry: StageRegistry;
  /** One pool for every job: the daemon's CPU budget. */
  readonly pool: WorkerPool;
  /** GPU worker processes for every job (their models stay loaded between jobs). Default: each job its own, per its config. */
  readonly gpuPool?: GpuPool;
  readonly logger: Logger;
  /**
   * Jobs run at once. Their batches share the pool; each job keeps at most 2 tasks per worker in flight, so the
   * pool never holds more than `maxJobs * 2 * pool.size` tasks.
   * @default 2
   */
  readonly maxJobs?: number;
  /**
   * How often the queue is looked at, ms.
   * @default 1000
   */
  readonly pollMs?: number;
  /**
   * How often running jobs' heartbeats are rewritten, ms.
   * @default 5000
   */
  readonly heartbeatMs?: number;
  /**
   * A running job whose heartbeat is older than this at start-up is requeued, ms.
   * @default 30000
   */
  readonly staleMs?: number;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: RetryPolicy;
}

export interface RunningJob {
  readonly id: string;
  readonly attempt: number;
  readonly startedAt: string;
  readonly inputs: readonly string[];
  readonly batchSize: number;
}

export interface SchedulerMetrics {
  readonly startedAt: string;
  readonly maxJobs: number;
  readonly inflightLimit: number;
  readonly running: readonly RunningJob[];
  readonly jobs: { succeeded: number; failed: number; cancelled: number; requeued: number; retried: number };
  readonly batches: StageCounters;
  readonly stages: Readonly<Record<string, StageCounters>>;
  readonly framesMeasured: number;
  /** Frames measured per second of job wall time, over finished attempts. */
  readonly framesPerSecond: number;
  readonly meanJobMs: number;
}

/** Errors that no retry can fix: the job is wrong, not unlucky. */
const PERMANENT = new Set<string>([
  ErrorCode.ConfigInvalid,
  ErrorCode.ConfigLoad,
  ErrorCode.StageUnknown,
  ErrorCode.StageInvalid,
  ErrorCode.PipelineMissingInput,
  ErrorCode.PipelineCycle,
  ErrorCode.PluginIncompatible,
  ErrorCode.StreamNotFound,
  ErrorCode.StreamInvalid,
]);

/**
 * Takes jobs from the queue and runs each with `runPipeline` (mode 'gateway') on one shared pool: same batches,
 * checkpoints and cache keys as `winnow run`. A job whose batches failed is retried with backoff (only the failed
 * batches run again); one that used all its attempts ends in failed/ with its errors.
 */
export class Scheduler {
  readonly queue: JobQueue;
  readonly #o: Required<Omit<SchedulerOptions, 'gpuPool'>> & Pick<SchedulerOptions, 'gpuPool'>;
  readonly #running = new Map<string, { abort: AbortController; job: RunningJob; cancelled: boolean; done: Promise<void> }>();
  readonly #m = {
    startedAt: new Date().toISOString(),
    jobs: { succeeded: 0, failed: 0, cancelled: 0, requeued: 0, retried: 0 },
    batches: { computed: 0, skipped: 0, failed: 0, blocked: 0 } as StageCounters,
    stages: {} as Record<string, StageCounters>,
    framesMeasured: 0,
    jobMs: 0,
    attempts: 0,
  };
  #stopping = false;
  #tick: NodeJS.Timeout | null = null;
  #beat: NodeJS.Timeout | null = null;
  #polling = false;

  constructor(options: SchedulerOptions) {
    const o = { maxJobs: 2, pollMs: 1000, heartbeatMs: 5000, staleMs: 30_000, retry: DEFAULT_RETRY_POLICY, ...options };
    for (const k of ['maxJobs', 'pollMs', 'heartbeatMs', 'staleMs'] as const) {
      if (!Number.isInteger(o[k]) || o[k] < 1) throw new RangeError(`scheduler option ${k} must be a positive integer, got ${JSON.stringify(o[k])}`);
    }
    validateRetryPolicy(o.retry);
    this.#o = o;
    this.queue = new JobQueue(openWorkspace(o.workspace));
  }

  /** Requeues what a dead daemon left running, then polls the queue until `stop`. */
  async start(): Promise<void> {
    for (const r of await this.queue.recoverStale(this.#o.staleMs)) {
      this.#o.logger.warn('job.recovered', { job: r.id, to: r.to });
      if (r.to === 'pending') this.#m.jobs.requeued++;
    }
    this.#beat = setInterval(() => void this.#heartbeats(), this.#o.heartbeatMs);
    await this.poll();
  }

  /** One look at the queue: notices cancel requests, and claims jobs while there is room. */
  async poll(): Promise<void> {
    if (this.#polling || this.#stopping) return;
    this.#polling = true;
    try {
      for (const r of this.#running.values()) {
        if (!r.cancelled && (await this.queue.cancelRequested(r.job.id))) {
          r.cancelled = true;
          r.abort.abort(new Error('cancelled'));
        }
      }
      while (!this.#stopping && this.#running.size < this.#o.maxJobs) {
        const entry = await this.queue.claim();
        if (!entry) break;
        this.#launch(entry);
      }
    } catch (e) {
      this.#o.logger.error('queue.poll_failed', { error: errorMessage(e) });
    } finally {
      this.#polling = false;
      if (!this.#stopping) this.#tick = setTimeout(() => void this.poll(), this.#o.pollMs);
    }
  }

  /** Stops claiming; running jobs are interrupted and go back to pending (their finished batches stay done). */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#tick) clearTimeout(this.#tick);
    if (this.#beat) clearInterval(this.#beat);
    for (const r of this.#running.values()) r.abort.abort(new Error('gateway stopping'));
    await Promise.all([...this.#running.values()].map((r) => r.done));
  }

  /** True while a job runs. */
  get busy(): boolean {
    return this.#running.size > 0;
  }

  metrics(): SchedulerMetrics {
    const m = this.#m;
    return {
      startedAt: m.startedAt,
      maxJobs: this.#o.maxJobs,
      inflightLimit: this.#o.maxJobs * 2 * this.#o.pool.size,
      running: [...this.#running.values()].map((r) => r.job),
      jobs: { ...m.jobs },
      batches: { ...m.batches },
      stages: structuredClone(m.stages),
      framesMeasured: m.framesMeasured,
      framesPerSecond: m.jobMs > 0 ? Math.round((m.framesMeasured / m.jobMs) * 1000 * 10) / 10 : 0,
      meanJobMs: m.attempts > 0 ? Math.round(m.jobMs / m.attempts) : 0,
    };
  }

  #launch(entry: QueueEntry): void {
    const abort = new AbortController();
    const batchSize = typeof entry.config.batchSize === 'number' ? entry.config.batchSize : 512;
    const job: RunningJob = { id: entry.id, attempt: entry.attempts, startedAt: new Date().toISOString(), inputs: entry.inputs, batchSize };
    const slot = { abort, job, cancelled: false, done: Promise.resolve() };
    this.#running.set(entry.id, slot);
    slot.done = this.#run(entry, slot).finally(() => {
      this.#running.delete(entry.id);
      if (!this.#stopping) void this.poll();
    });
  }

  async #run(entry: QueueEntry, slot: { abort: AbortController; cancelled: boolean }): Promise<void> {
    const log = withFields(this.#o.logger, { job: entry.id, attempt: entry.attempts });
    const started = performance.now();
    log.info('job.started', { inputs: entry.inputs, maxAttempts: entry.maxAttempts });
    let summary: RunSummary | null = null;
    let thrown: unknown = null;
    try {
      summary = await runPipeline({
        inputs: entry.inputs,
        config: entry.config,
        workspace: this.#o.workspace,
        registry: this.#o.registry,
        logger: log,
        signal: slot.abort.signal,
        mode: 'gateway',
        jobId: entry.id,
        pool: this.#o.pool,
        gpuPool: this.#o.gpuPool,
      });
    } catch (e) {
      thrown = e;
    }
    const ms = performance.now() - started;
    try {
      if (summary) await this.#settle(entry, summary, ms, log);
      else await this.#settleError(entry, thrown, slot.cancelled, log);
    } catch (e) {
      log.error('queue.transition_failed', { error: errorMessage(e) });
    }
  }

  async #settle(entry: QueueEntry, s: RunSummary, ms: number, log: Logger): Promise<void> {
    const m = this.#m;
    m.attempts++;
    m.jobMs += ms;
    m.framesMeasured += s.framesMeasured;
    for (const k of PARTITION_COUNTERS) m.batches[k] += s.partitions[k];
    for (const [stage, c] of Object.entries(s.stages)) {
      const t = (m.stages[stage] ??= { computed: 0, skipped: 0, failed: 0, blocked: 0 });
      for (const k of PARTITION_COUNTERS) t[k] += c[k];
    }
    for (const f of s.failures) {
      log.error('task.failed', { stage: f.stage, stream: f.stream, task: `${f.stage}/${f.stream}/${f.start}_${f.end}`, code: f.code, error: f.message });
    }
    const brief = { framesMeasured: s.framesMeasured, partitions: s.partitions, stages: s.stages, elapsedMs: s.elapsedMs, batchSize: s.batchSize, workers: s.workers };
    log.info('job.attempt_finished', { state: s.state, ...brief, failures: s.failures.length });
    if (s.state === 'SUCCEEDED') {
      await this.queue.finish(entry.id, 'SUCCEEDED', { summary: brief });
      m.jobs.succeeded++;
      return;
    }
    const first = s.failures[0];
    const error: QueueError = {
      code: first?.code ?? ErrorCode.StageFailed,
      message: `${s.failures.length} batch(es) failed${first ? `; first: ${first.stage}/${first.stream}/${first.start}_${first.end}: ${first.message}` : ''}`,
      attempt: entry.attempts,
      at: new Date().toISOString(),
    };
    await this.#retryOrFail(entry, error, log, brief);
  }

  async #settleError(entry: QueueEntry, e: unknown, cancelled: boolean, log: Logger): Promise<void> {
    const error: QueueError = { code: isWinnowError(e) ? e.code : ((e as { code?: string })?.code ?? 'WINNOW_GATEWAY_JOB_ERROR'), message: errorMessage(e), attempt: entry.attempts, at: new Date().toISOString() };
    if (cancelled) {
      await this.queue.finish(entry.id, 'CANCELLED', { errors: [...entry.errors, { ...error, code: 'WINNOW_JOB_CANCELLED' }] });
      this.#m.jobs.cancelled++;
      log.warn('job.cancelled');
    } else if (this.#stopping) {
      // Interrupted by a graceful stop: not the job's fault, so the attempt does not count.
      await this.queue.release(entry.id, { attempts: entry.attempts - 1, requeues: entry.requeues + 1 });
      this.#m.jobs.requeued++;
      log.info('job.requeued', { reason: 'gateway stopping' });
    } else if (PERMANENT.has(error.code)) {
      await this.queue.finish(entry.id, 'FAILED', { errors: [...entry.errors, error] });
      this.#m.jobs.failed++;
      log.error('job.failed', { code: error.code, error: error.message, permanent: true });
    } else {
      await this.#retryOrFail(entry, error, log, null);
    }
  }

  async #retryOrFail(entry: QueueEntry, error: QueueError, log: Logger, summary: Record<string, unknown> | null): Promise<void> {
    const errors = [...entry.errors, error];
    if (entry.attempts >= entry.maxAttempts) {
      await this.queue.finish(entry.id, 'FAILED', { errors, summary });
      this.#m.jobs.failed++;
      log.error('job.failed', { code: error.code, error: error.message, attempts: entry.attempts });
      return;
    }
    const delay = backoffMs(this.#o.retry, entry.attempts);
    await this.queue.release(entry.id, { errors, summary, notBefore: new Date(Date.now() + delay).toISOString() });
    this.#m.jobs.retried++;
    log.warn('job.retry_scheduled', { code: error.code, error: error.message, inMs: delay, nextAttempt: entry.attempts + 1 });
  }

  async #heartbeats(): Promise<void> {
    for (const id of this.#running.keys()) await this.queue.heartbeat(id).catch(() => undefined);
  }
}
