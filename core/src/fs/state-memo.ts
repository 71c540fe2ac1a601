import { readJsonIfExists, writeFileAtomic } from './atomic-write';

/**
 * A value computed from files, kept in `file` beside the state of those files it was computed from (a digest of
 * their stats): read back while that state is unchanged, computed and kept again otherwise. Capture `state` before
 * computing, so that a file changed meanwhile makes the next state differ. A memo that cannot be read is computed
 * again, one that cannot be written is only not kept; a null `state` (files not found) computes every time.
 */
export async function memoByState<T>(file: string, state: string | null, compute: () => T | Promise<T>, isValue: (v: unknown) => v is T): Promise<T> {
  if (state === null) return compute();
  const saved = await readJsonIfExists<{ state?: unknown; value?: unknown }>(file).catch(() => null);
  if (saved?.state === state && isValue(saved.value)) return saved.value;
  const value = await compute();
  await writeFileAtomic(file, JSON.stringify({ state, value })).catch(() => undefined);
  return value;
}
