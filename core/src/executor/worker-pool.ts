import { Piscina } from 'piscina';
import type { FrameProbe } from '../ingest/probe-frame';
import type { MeasureResult, MeasureTask, ProbeTask } from './tasks';

/** The CPU worker pool: one thread per core by default; every decode and measurement runs here. */
export class WorkerPool {
  readonly size: number;
  readonly #piscina: Piscina;

  constructor(size: number) {
    this.size = size;
    this.#piscina = new Piscina({
      filename: require.resolve('./worker'),
      minThreads: size,
      maxThreads: size,
      idleTimeout: 30_000,
      // libvips runs decodes on the libuv thread pool: give it one slot per worker plus file I/O.
      env: { ...process.env, UV_THREADPOOL_SIZE: String(Math.max(4, size + 2)) },
    });
  }

  probe(items: ProbeTask['items'], signal?: AbortSignal): Promise<FrameProbe[]> {
    return this.#piscina.run({ kind: 'probe', items } satisfies ProbeTask, { signal });
  }

  measure(task: Omit<MeasureTask, 'kind'>, signal?: AbortSignal): Promise<MeasureResult> {
    return this.#piscina.run({ kind: 'measure', ...task } satisfies MeasureTask, { signal });
  }

  async close(): Promise<void> {
    await this.#piscina.destroy();
  }
}
