import type { StreamInfo } from '@winnow/sdk';
import type { PartitionResult } from '../store/job-store';
import { planBatch } from './batch-keys';
import type { Batch } from './batches';
import { measureBatch } from './measure-batch';
import { runPartitions } from './partition-lifecycle';
import type { PassInputs } from './pass-inputs';
import type { PreparedStage } from './prepared-stage';
import { resolveFrames } from './resolve-frames';
import { count, type RunContext } from './run-context';

/**
 * Runs the batch stages of one pass over one batch: reads its new frames, keys every stage, then goes through
 * the partition lifecycle (reuse, lock, compute once for every stage that needs it, checkpoints). A stage whose
 * input from an earlier pass (`given`) did not succeed, or that reads such a stage, is BLOCKED.
 */
export async function runBatch(ctx: RunContext, stream: StreamInfo & { dir: string }, batch: Batch, stages: readonly PreparedStage[], given: PassInputs = new Map()): Promise<Record<string, PartitionResult>> {
  const missing = new Set([...given].flatMap(([type, g]) => (g.digest === null ? [type] : [])));
  const out: Record<string, PartitionResult> = {};
  for (const s of stages) {
    if (!s.inputs.some((t) => missing.has(t))) continue;
    missing.add(s.output);
    count(ctx, s.name, 'blocked');
    out[s.name] = { start: batch.start, end: batch.end, key: null, state: 'BLOCKED', artifact: null };
  }
  const runnable = stages.filter((s) => !out[s.name]);
  if (runnable.length === 0) return out;
  const resolved = await resolveFrames(ctx, stream, batch);
  const results = await runPartitions(ctx, {
    lock: `batch-${stream.id}-${batch.start}_${batch.end}`,
    plan: () => planBatch(ctx, stream, resolved, runnable, given),
    compute: (todo, plan) => measureBatch(ctx, stream, resolved, todo, plan, given),
  });
  runnable.forEach((s, i) => (out[s.name] = results[i]));
  return out;
}
