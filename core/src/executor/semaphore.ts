/** Bounds work in flight: `acquire` waits while `limit` holders are inside. */
export class Semaphore {
  readonly #limit: number;
  #inside = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  async use<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#inside < this.#limit) this.#inside++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve)); // the releaser hands its slot over
    try {
      return await fn();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#inside--;
    }
  }
}

/**
 * Runs `fn` over items with at most `limit` at once, keeping results in order. After a failure no new item
 * starts, and the call returns (rethrowing the first error) only once every started item has settled.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  });
  await settleAll(lanes);
  return out;
}

/** Like Promise.all, but waits for every promise to settle before rethrowing the first rejection. */
export async function settleAll<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
