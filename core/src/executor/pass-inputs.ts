import type { FrameRecord } from '@winnow/sdk';
import { canonicalJson } from '../hashing/canonical-json';
import { sha256Hex } from '../hashing/sha256';
import type { PartitionResult } from '../store/job-store';
import type { Batch } from './batches';
import { decodePartition } from './partition-output';
import type { PreparedStage } from './prepared-stage';
import type { RunContext } from './run-context';

/** An input of a batch stage that an earlier pass over the stream made, as one batch sees it. */
export interface PassInput {
  readonly producer: string;
  /**
   * What the reader's key hashes: the producer's artifact for this batch (a batch stage), or the digest of the
   * producer's records of this batch's frames (a stream stage: a decision elsewhere in the stream that does not
   * change these frames' records does not recompute the batch). null: the producer did not succeed.
   */
  readonly digest: string | null;
  /** The producer's records of this batch's frames (stream producers), or null: read them from `digest`'s artifact. */
  readonly records: Readonly<Record<number, FrameRecord>> | null;
}

export type PassInputs = ReadonlyMap<string, PassInput>;

/**
 * The inputs that earlier passes made for the batch stages of `pass`, per batch. A stream stage's artifact is
 * read once for the whole stream.
 */
export async function passInputs(ctx: RunContext, stages: readonly PreparedStage[], results: Readonly<Record<string, readonly PartitionResult[]>>, pass: number): Promise<(batch: Batch) => PassInputs> {
  const readers = stages.filter((s) => s.stage.partition === 'batch' && s.pass === pass);
  const types = new Set(readers.flatMap((s) => s.inputs));
  const sources: { type: string; producer: PreparedStage; records: Map<number, FrameRecord> | null; parts: Map<number, PartitionResult> }[] = [];
  for (const producer of stages) {
    if (!types.has(producer.output) || (producer.stage.partition === 'batch' && producer.pass === pass)) continue;
    const parts = results[producer.name] ?? [];
    const stream = producer.stage.partition === 'stream';
    const done = stream && parts.length === 1 && parts[0].state === 'SUCCEEDED' && parts[0].artifact;
    const records = done ? new Map(decodePartition(await ctx.artifacts.get(parts[0].artifact as string)).frames) : null;
    sources.push({ type: producer.output, producer, records, parts: new Map(parts.map((p) => [p.start, p])) });
  }
  return (batch) =>
    new Map(
      sources.map(({ type, producer, records, parts }): [string, PassInput] => {
        if (producer.stage.partition === 'batch') {
          const part = parts.get(batch.start);
          return [type, { producer: producer.name, digest: part?.state === 'SUCCEEDED' ? part.artifact : null, records: null }];
        }
        if (!records) return [type, { producer: producer.name, digest: null, records: null }];
        const mine = batch.frames.flatMap((f) => (records.has(f.index) ? [[f.index, records.get(f.index) as FrameRecord] as const] : []));
        return [type, { producer: producer.name, digest: `records:${sha256Hex(canonicalJson(mine))}`, records: Object.fromEntries(mine) }];
      }),
    );
}
