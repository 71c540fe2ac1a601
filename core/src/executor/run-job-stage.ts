import type { JobStreamInput } from '@winnow/sdk';
import { errorMessage } from '../errors';
import { canonicalJson } from '../hashing/canonical-json';
import { sha256Hex } from '../hashing/sha256';
import type { Catalog } from '../ingest/catalog';
import { uniqueStreamNames } from '../ingest/stream-names';
import type { JobStream, PartitionResult } from '../store/job-store';
import { PARTITION_MEDIA_TYPE, encodePartition, recordsOf, sortedByFrame } from './partition-output';
import { partitionKey } from './partition-key';
import type { PreparedStage } from './prepared-stage';
import { count, hostStageContext, type RunContext } from './run-context';
import { lookUp, runPartitions, type PlannedPartition } from './partition-lifecycle';
import { catalogDigest } from './run-stream-stage';
import { frameRefs } from './stream-compute';

/**
 * Runs one job stage over every stream of the job at once (in input order), after their stream stages. Its
 * key hashes, per stream in order, the name the stage sees (its records may name streams: the job's unique
 * stream names, as exports use), the catalog digest and the input artifacts; it is stored under a scope derived
 * from the streams' ids (a location, not part of the key).
 */
export async function runJobStage(ctx: RunContext, catalogs: readonly Catalog[], streams: readonly JobStream[], stage: PreparedStage, producers: ReadonlyMap<string, string>): Promise<PartitionResult> {
  const def = stage.stage;
  if (def.partition !== 'job') throw new TypeError(`${stage.name} is not a job stage`);
  const scope = `job-${sha256Hex(streams.map((s) => s.id).join('\n')).slice(0, 16)}`;
  const names = uniqueStreamNames(streams);
  const perStream: { name: string; catalog: string; artifacts: Record<string, string[]> }[] = [];
  for (const [i, s] of streams.entries()) {
    const artifacts: Record<string, string[]> = {};
    for (const type of stage.inputs) {
      const parts = s.stages[producers.get(type) as string] ?? [];
      if (parts.length === 0 || parts.some((p) => p.state !== 'SUCCEEDED' || !p.artifact)) {
        count(ctx, stage.name, 'blocked');
        return { start: 0, end: 0, key: null, state: 'BLOCKED', artifact: null };
      }
      artifacts[type] = parts.map((p) => p.artifact as string);
    }
    perStream.push({ name: names.get(s.id) as string, catalog: catalogDigest(catalogs[i]), artifacts });
  }
  const { key, provenance } = partitionKey(stage, canonicalJson({ streams: perStream }));
  const ref = { stage: stage.name, stream: scope, start: 0, end: 0 };
  const [result] = await runPartitions(ctx, {
    lock: `${scope}-${stage.name}`,
    plan: async () => [await lookUp(ctx, { ref, key, provenance, inputRefs: perStream.flatMap((p) => Object.values(p.artifacts).flat()), attempts: 0, output: null })],
    compute: async ([p]: readonly PlannedPartition[]) => {
      const inputs: JobStreamInput[] = catalogs.map((c, i) => ({
        stream: { id: c.stream.id, name: perStream[i].name },
        frames: frameRefs(c),
        records: (type: string) => {
          const digests = perStream[i].artifacts[type];
          if (!digests) throw new Error(`stage ${stage.name} asked for records of "${type}", which is not one of its inputs`);
          return recordsOf(ctx.artifacts, digests, c.stream.id);
        },
      }));
      const result = await def.run({ streams: inputs }, hostStageContext(ctx, stage.config, { id: scope, name: 'job' }));
      const byStream = Object.fromEntries(
        catalogs.map((c) => {
          const r = result.streams[c.stream.id];
          return [c.stream.id, { frames: r ? sortedByFrame(r.frames) : [], tables: r?.tables ?? {} }];
        }),
      );
      const artifact = await ctx.artifacts.put(encodePartition({ frames: [], errors: [], tables: result.tables ?? {}, streams: byStream }), PARTITION_MEDIA_TYPE, {
        stage: stage.name,
        version: stage.stage.version,
      });
      p.output = { artifact, frames: Object.values(byStream).reduce((n, s) => n + s.frames.length, 0), frameErrors: 0 };
    },
    describe: (e) => `stage ${stage.name} failed on job ${ctx.jobId}: ${errorMessage(e)}`,
  });
  return result;
}
