import type { Piscina } from 'piscina';
import { corePath } from '../core-path';
import type { FrameProbe } from '../ingest/probe-frame';
import type { MeasureResult, MeasureTask, ProbeTask, StreamOutcome, StreamTask } from './tasks';

/** What a long-lived owner of the pool (the gateway) reports about it. */
export interface PoolHealth {
  readonly size: number;
  /** Worker threads alive now (a crashed worker is replaced). */
  readonly threads: number;
  /** Tasks running or waiting in the pool. */
  readonly running: number;
  readonly queued: number;
  readonly completed: number;
  /** Tasks that rejected for another reason than an abort (a stage error, a worker that exited). */
  readonly failed: number;
  /** Mean task latency, ms, over completed tasks. */
  readonly meanTaskMs: number;
  /** Fraction of the pool's capacity used since it started (piscina's estimate). */
  readonly utilization: number;
}

/**
 * Each worker's V8 young generation, in MiB (V8 lets it grow to 48). A stream stage reads a whole stream's records
 * in one burst in which nearly everything survives, and V8 answers by doubling the young generation twice (8 to 32
 * MiB, measured in the worker that ran two stream stages' decisions over 5,000 frames): peak memory then grew with
 * the stream. Capped at 6 MiB, that peak is ~20 MiB lower, and a 2,000-frame run of every CPU stage is as fast
 * (119.0 vs 119.7 frames/s, three runs each).
 */
const WORKER_YOUNG_GENERATION_MB = 6;

/** The CPU worker pool: one thread per core by default; every decode, measurement and stream decision runs here. */
export class WorkerPool {
  readonly size: number;
  #pool: Piscina | null = null;
  #running = 0;
  #failed = 0;
  #done = 0;
  #busyMs = 0;

  constructor(size: number) {
    this.size = size;
  }

  /** The threads start with the first task: a run that finds everything checkpointed starts none. */
  get #piscina(): Piscina {
    if (!this.#pool) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Piscina: Pool } = require('piscina') as typeof import('piscina');
      this.#pool = new Pool({
        filename: corePath('dist/executor/worker.js'),
        minThreads: this.size,
        maxThreads: this.size,
        idleTimeout: 30_000,
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
        // libvips runs decodes on the libuv thread pool: give it one slot per worker plus file I/O.
        env: { ...process.env, UV_THREADPOOL_SIZE: String(Math.max(4, this.size + 2)) },
      });
    }
    return this.#pool;
  }

  probe(items: ProbeTask['items'], signal?: AbortSignal): Promise<FrameProbe[]> {
    return this.#track(this.#piscina.run({ kind: 'probe', items } satisfies ProbeTask, { signal }), signal);
  }

  measure(task: Omit<MeasureTask, 'kind'>, signal?: AbortSignal): Promise<MeasureResult> {
    return this.#track(this.#piscina.run({ kind: 'measure', ...task } satisfies MeasureTask, { signal }), signal);
  }

  /** A stream stage over a whole stream, off the host's event loop. An abort ends the task's thread. */
  stream(task: Omit<StreamTask, 'kind'>, signal?: AbortSignal): Promise<StreamOutcome> {
    return this.#track(this.#piscina.run({ kind: 'stream', ...task } satisfies StreamTask, { signal }), signal);
  }

  health(): PoolHealth {
    return {
      size: this.size,
      threads: this.#pool?.threads.length ?? 0,
      running: this.#running,
      queued: this.#pool?.queueSize ?? 0,
      completed: this.#done,
      failed: this.#failed,
      meanTaskMs: this.#done > 0 ? Math.round((this.#busyMs / this.#done) * 10) / 10 : 0,
      utilization: Math.round((this.#pool?.utilization ?? 0) * 1000) / 1000,
    };
  }

  async close(): Promise<void> {
    await this.#pool?.destroy();
  }

  async #track<T>(task: Promise<T>, signal?: AbortSignal): Promise<T> {
    const started = performance.now();
    this.#running++;
    try {
      const out = await task;
      this.#done++;
      this.#busyMs += performance.now() - started;
      return out;
    } catch (e) {
      if (!signal?.aborted) this.#failed++;
      throw e;
    } finally {
      this.#running--;
    }
  }
}
