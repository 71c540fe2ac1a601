import { errorFromData, errorMessage } from '../errors';
import { tryLock } from '../fs/file-lock';
import { canonicalJson } from '../hashing/canonical-json';
import { sha256Hex } from '../hashing/sha256';
import type { Catalog } from '../ingest/catalog';
import type { PartitionResult } from '../store/job-store';
import { partitionKey } from './partition-key';
import type { PreparedStage } from './prepared-stage';
import { sleep } from './run-batch';
import { checkpointOf, count, recordCheckpoint, type RunContext } from './run-context';
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
  const cached = async () => {
    const cp = await ctx.checkpoints.read(ref, key);
    return cp?.state === 'SUCCEEDED' && cp.output && (await ctx.artifacts.present(cp.output.artifact)) ? cp : null;
  };

  for (;;) {
    const hit = await cached();
    if (hit) {
      count(ctx, stage.name, 'skipped');
      return { start, end, key, state: 'SUCCEEDED', artifact: hit.output!.artifact };
    }
    const lock = await tryLock(ctx.layout.lock(`stream-${catalog.stream.id}-${stage.name}`));
    if (!lock) {
      await sleep(200);
      continue;
    }
    try {
      const again = await cached();
      if (again) continue;
      const prior = await ctx.checkpoints.read(ref, key);
      const base = { key, ...ref, attempts: (prior?.attempts ?? 0) + 1, provenance, inputRefs: Object.values(inputArtifacts).flat() };
      await recordCheckpoint(ctx, checkpointOf(base, 'RUNNING'));
      try {
        ctx.progress.onProgress?.({ phase: 'stream', done: ctx.progress.done, total: ctx.progress.total, stage: stage.name });
        const out = await ctx.pool.stream(
          { hookModule: stage.registered.plugin.hookModule, name: stage.name, config: stage.config, workspace: ctx.layout.root, stream: { id: catalog.stream.id, name: catalog.stream.name }, frames: frameRefs(catalog), inputs: inputArtifacts },
          ctx.signal,
        );
        if ('error' in out) throw errorFromData(out.error);
        const { artifact } = out;
        await recordCheckpoint(ctx, checkpointOf(base, 'SUCCEEDED', { artifact, frames: out.frames, frameErrors: 0 }));
        count(ctx, stage.name, 'computed');
        return { start, end, key, state: 'SUCCEEDED', artifact };
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        const error = { code: (e as { code?: string }).code ?? 'WINNOW_STAGE_FAILED', message: `stage ${stage.name} failed on stream ${catalog.stream.name}: ${errorMessage(e)}`, stack: (e as Error).stack };
        await recordCheckpoint(ctx, checkpointOf(base, 'FAILED', null, error));
        count(ctx, stage.name, 'failed');
        ctx.failures.push({ stage: stage.name, stream: catalog.stream.id, start, end, code: error.code, message: error.message });
        return { start, end, key, state: 'FAILED', artifact: null };
      }
    } finally {
      await lock.release();
    }
  }
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
