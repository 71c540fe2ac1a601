/**
 * The names a job's streams go by in its outputs (export file names, the stream a job stage's records name): the
 * folder's name, or, where two streams of the job share a name, their ids, so no name stands for two streams.
 */
export function uniqueStreamNames(streams: readonly { readonly id: string; readonly name: string }[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const s of streams) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
  return new Map(streams.map((s) => [s.id, (counts.get(s.name) ?? 0) > 1 ? s.id : s.name]));
}
