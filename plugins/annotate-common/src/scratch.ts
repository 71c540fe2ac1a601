type ScratchArray = Float32Array | Uint8Array;
type ScratchKind<A extends ScratchArray> = { new (length: number): A; readonly name: string };

/** Arrays kept per kind and length: enough for the frames one thread has in flight at once. */
const KEEP = 4;
const pools = new Map<string, ScratchArray[]>();

/**
 * Runs `use` with an array of `length` elements borrowed from this thread's pool (its contents are left over
 * from an earlier use), and takes it back when `use` settles. Model inputs are megabytes per frame (a 640x640
 * tensor is 4.9 MB): allocating them fresh for every frame costs page faults and garbage collections that,
 * in a worker thread, took longer than filling them.
 */
export async function withScratch<A extends ScratchArray, R>(kind: ScratchKind<A>, length: number, use: (array: A) => Promise<R>): Promise<R> {
  const key = `${kind.name}:${length}`;
  const pool = pools.get(key) ?? [];
  pools.set(key, pool);
  const array = (pool.pop() as A | undefined) ?? new kind(length);
  try {
    return await use(array);
  } finally {
    if (pool.length < KEEP) pool.push(array);
  }
}
