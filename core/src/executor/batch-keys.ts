import type { StreamInfo } from '@winnow/sdk';
import { canonicalJson, canonicalMembers } from '../hashing/canonical-json';
import type { Batch } from './batches';
import { lookUp, type PlannedPartition } from './partition-lifecycle';
import { partitionKey } from './partition-key';
import type { PassInputs } from './pass-inputs';
import type { PreparedStage } from './prepared-stage';
import type { RunContext } from './run-context';

/** One batch stage's partition of one batch. */
export interface BatchPartition extends PlannedPartition {
  readonly stage: PreparedStage;
}

/** What each artifact type stands for in a batch's keys: an upstream batch artifact, or what an earlier pass gave. */
export type KeyInputs = Map<string, { readonly artifact: string | null }>;

/** What each artifact type read from an earlier pass stands for in keys (see `PassInput.digest`). */
export function keyInputsOf(given: PassInputs): KeyInputs {
  return new Map([...given].map(([type, g]) => [type, { artifact: g.digest }]));
}

/**
 * The batch's partitions in stage order, keyed and looked up. A stage that reads a stage of the same pass whose
 * output is not made yet has no key until it is (`assignKey` after the compute). Every frame of `batch` is resolved.
 */
export async function planBatch(ctx: RunContext, stream: StreamInfo, batch: Batch, stages: readonly PreparedStage[], given: PassInputs): Promise<BatchPartition[]> {
  const byOutput = keyInputsOf(given);
  const plan: BatchPartition[] = [];
  for (const stage of stages) {
    const p: BatchPartition = { stage, ref: { stage: stage.name, stream: stream.id, start: batch.start, end: batch.end }, key: null, provenance: null, inputRefs: [], attempts: 0, output: null };
    assignKey(p, batch, byOutput);
    await lookUp(ctx, p);
    byOutput.set(stage.output, { artifact: p.output?.artifact ?? null });
    plan.push(p);
  }
  return plan;
}

/**
 * Sets the stage's key from what it hashes: the frames' digests, upstream batch artifacts, and what earlier
 * passes gave. Leaves it null while an upstream artifact is not computed yet.
 */
export function assignKey(p: BatchPartition, batch: Batch, byOutput: KeyInputs): void {
  const inputs: Record<string, string> = {};
  const refs: string[] = [];
  for (const type of p.stage.inputs) {
    if (type === 'frames') {
      inputs.frames = framesJson(batch);
      refs.push(`frames:${batch.frames.length}`);
    } else {
      const up = byOutput.get(type);
      if (!up?.artifact) return;
      inputs[type] = canonicalJson(up.artifact);
      refs.push(`${type}:${up.artifact}`);
    }
  }
  const { key, provenance } = partitionKey(p.stage, canonicalMembers(inputs));
  p.key = key;
  p.provenance = provenance;
  p.inputRefs = refs;
}

const framesJsonOf = new WeakMap<Batch['frames'], string>();

/** The `[frame_idx, blake3]` list a batch's keys hash, serialised once for every stage that reads the frames. */
function framesJson(batch: Batch): string {
  let json = framesJsonOf.get(batch.frames);
  if (json === undefined) {
    if (batch.frames.some((f) => f.pending)) throw new Error(`batch ${batch.start}..${batch.end}: a key was asked for before its frames were read`);
    json = canonicalJson(batch.frames.map((f) => [f.index, f.blake3]));
    framesJsonOf.set(batch.frames, json);
  }
  return json;
}
