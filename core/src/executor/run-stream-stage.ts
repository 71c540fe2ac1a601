import { errorFromData, errorMessage } from '../errors';
import { canonicalJson } from '../hashing/canonical-json';
import { sha256Hex } from '../hashing/sha256';
import type { Catalog } from '../ingest/catalog';
import type { PartitionResult } from '../store/job-store';
import { lookUp, runPartitions, type PlannedPartition } from './partition-lifecycle';
import { partitionKey } from './partition-key';
import type { PreparedStage } from './prepared-stage';
import { count, type RunContext } from './run-context';
import { frameRefs } from './stream-compute';

/**
 * Runs one stream stage over a whole stream once every partition of its inputs is done, in a worker thread (see
 * `computeStream`). Its key hashes the input artifacts in order and the catalog, so changing a decision threshold
 * reruns only this cheap step.
 */
export async function runStreamStage(ctx: RunContext, catalog: Catalog, stage: PreparedStage, results: Readonly<Record<string, PartitionResult[]>>, producers: ReadonlyMap<string, string>): Promise<PartitionResult> {
  if (stage.stage.partition !== 'stream') throw new TypeError(`${stage.name} is not a stream stage`);
  const start = catalog.stream.firstIndex ?? 0;
  const end = catalog.stream.lastIndex ?? 0;
  const inputArtifacts: Record<string, string[]> = {};
  for (const type of stage.inputs) {
    const parts = results[producers.get(type) as string] ?? [];
    if (parts.some((p) => p.state !== 'SUCCEEDED' || !p.artifact)) {
      count(ctx, stage.name, 'blocked');
      return { start, end, key: null, state: 'BLOCKED', artifact: null };
    }
    inputArtifacts[type] = parts.map((p) => p.artifact as string);
  }
  const { key, provenance } = partitionKey(stage, canonicalJson({ artifacts: inputArtifacts, catalog: catalogDigest(catalog) }));
  const ref = { stage: stage.name, stream: catalog.stream.id, start, end };
  const [result] = await runPartitions(ctx, {
    lock: `stream-${catalog.stream.id}-${stage.name}`,
    plan: async () => [await lookUp(ctx, { ref, key, provenance, inputRefs: Object.values(inputArtifacts).flat(), attempts: 0, output: null })],
    compute: async ([p]: readonly PlannedPartition[]) => {
      ctx.progress.onProgress?.({ phase: 'stream', done: ctx.progress.done, total: ctx.progress.total, stage: stage.name });
      const out = await ctx.pool.stream(
        { hookModule: stage.registered.plugin.hookModule, name: stage.name, config: stage.config, workspace: ctx.layout.root, stream: { id: catalog.stream.id, name: catalog.stream.name }, frames: frameRefs(catalog), inputs: inputArtifacts },
        ctx.signal,
      );
      if ('error' in out) throw errorFromData(out.error);
      p.output = { artifact: out.artifact, frames: out.frames, frameErrors: 0 };
    },
    describe: (e) => `stage ${stage.name} failed on stream ${catalog.stream.name}: ${errorMessage(e)}`,
  });
  return result;
}

const digests = new WeakMap<Catalog, string>();

/** What a stream or job stage's key hashes of the catalog: each frame's index, content digest and ingest error. */
export function catalogDigest(catalog: Catalog): string {
  let d = digests.get(catalog);
  if (d === undefined) {
    d = sha256Hex(canonicalJson(catalog.frames.map((f) => [f.index, f.blake3, f.error?.code ?? null])));
    digests.set(catalog, d);
  }
  return d;
}
