import { fork, type ChildProcess } from 'node:child_process';
import { corePath } from '../core-path';
import { errorFromData } from '../errors';
import { visibleGpus } from './gpu-devices';
import type { LaneReply, LaneRequest } from './gpu-worker';
import type { LaneTask, MeasureResult } from './tasks';

/** What the pool reports about itself (run summaries, the gateway's status). */
export interface GpuPoolHealth {
  readonly size: number;
  /** The CUDA device each process is pinned to (none: no GPU is visible, the processes run models on the CPU). */
  readonly devices: readonly string[];
  /** Processes alive now. */
  readonly processes: number;
  /** Processes started so far: more than `size` means some exited and were replaced. */
  readonly started: number;
  readonly tasks: number;
  readonly frames: number;
  /** Tasks that rejected (a stage error, a process that exited). */
  readonly failed: number;
}

interface Waiting {
  readonly resolve: (r: MeasureResult) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  readonly device: string | null;
  child: ChildProcess | null;
  readonly waiting: Map<number, Waiting>;
}

/**
 * Dedicated worker processes for GPU stages: each one is pinned to one GPU (`CUDA_VISIBLE_DEVICES`), loads each
 * model session once and keeps it for the life of the pool, and takes decoded chunks one at a time. Separate
 * processes, not threads: a CUDA fault or an out-of-memory abort ends that process only; its tasks reject (the
 * executor retries them) and the next task starts a fresh process.
 */
export class GpuPool {
  readonly size: number;
  readonly #slots: Slot[];
  #nextId = 1;
  #started = 0;
  #tasks = 0;
  #frames = 0;
  #failed = 0;

  constructor(size: number, devices: readonly string[] = visibleGpus()) {
    this.size = size;
    this.#slots = Array.from({ length: size }, (_, i) => ({ device: devices.length > 0 ? devices[i % devices.length] : null, child: null, waiting: new Map() }));
  }

  /** Runs the chunk on the least busy process. An abort rejects at once; the process finishes the chunk and drops it. */
  measure(task: LaneTask, signal?: AbortSignal): Promise<MeasureResult> {
    signal?.throwIfAborted();
    const slot = this.#slots.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const child = this.#childOf(slot);
    const id = this.#nextId++;
    return new Promise<MeasureResult>((resolve, reject) => {
      const onAbort = () => settle(() => reject(signal?.reason as Error));
      const settle = (how: () => void) => {
        if (!slot.waiting.delete(id)) return;
        signal?.removeEventListener('abort', onAbort);
        how();
      };
      slot.waiting.set(id, {
        resolve: (r) => settle(() => resolve(r)),
        reject: (e) => settle(() => {
          this.#failed++;
          reject(e);
        }),
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      child.send({ id, task } satisfies LaneRequest, (e) => e && slot.waiting.get(id)?.reject(e));
    }).then((r) => {
      this.#tasks++;
      this.#frames += task.frames.length;
      return r;
    });
  }

  health(): GpuPoolHealth {
    return {
      size: this.size,
      devices: this.#slots.flatMap((s) => (s.device === null ? [] : [s.device])),
      processes: this.#slots.filter((s) => s.child !== null).length,
      started: this.#started,
      tasks: this.#tasks,
      frames: this.#frames,
      failed: this.#failed,
    };
  }

  /** Ends every process (their tasks reject). A pool keeps its host process alive until it is closed. */
  async close(): Promise<void> {
    await Promise.all(
      this.#slots.map((slot) => {
        const child = slot.child;
        if (!child) return undefined;
        return new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }),
    );
  }

  #childOf(slot: Slot): ChildProcess {
    if (slot.child) return slot.child;
    const child = fork(corePath('dist/executor/gpu-worker.js'), [], {
      serialization: 'advanced', // typed arrays (the decoded views) cross as binary, not JSON
      env: { ...process.env, ...(slot.device !== null ? { CUDA_VISIBLE_DEVICES: slot.device } : {}) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#started++;
    slot.child = child;
    child.on('message', (m: LaneReply) => {
      const w = slot.waiting.get(m.id);
      if (!w) return; // an aborted task's late result
      if ('result' in m) w.resolve(m.result);
      else w.reject(errorFromData(m.error));
    });
    const gone = (why: string) => {
      if (slot.child === child) slot.child = null;
      for (const w of [...slot.waiting.values()]) w.reject(Object.assign(new Error(`GPU worker process ${child.pid ?? '?'} ${why} while measuring a chunk`), { code: 'WINNOW_GPU_WORKER_EXITED' }));
    };
    child.on('exit', (code, sig) => gone(`exited (${sig ?? `code ${code}`})`));
    child.on('error', (e) => gone(`failed (${e.message})`));
    return child;
  }
}
