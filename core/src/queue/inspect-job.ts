import { openWorkspace } from '../workspace/open-workspace';
import { addCounts } from '../executor/run-context';
import { readJsonIfExists } from '../fs/atomic-write';
import { CheckpointStore } from '../store/checkpoint-store';
import { EventJournal } from '../store/event-journal';
import { jobStateOf, type JobRecord } from '../store/job-store';
import { JobQueue } from './job-queue';
import type { QueueEntry, QueueState } from './queue-entry';
import { ErrorCode, WinnowError } from '../errors';

export interface BatchState {
  readonly stage: string;
  readonly stream: string;
  readonly start: number;
  readonly end: number;
  readonly state: string;
  readonly key: string | null;
  readonly attempts: number | null;
  readonly error: string | null;
}

export interface JobInspection {
  readonly id: string;
  /** Where it is in the gateway queue; null for a direct-mode job. */
  readonly queue: { readonly state: QueueState; readonly entry: QueueEntry } | null;
  /** `state` is INTERRUPTED for a RUNNING job whose process is gone (see `owner`). */
  readonly job: { readonly state: ReturnType<typeof jobStateOf>; readonly mode: JobRecord['mode']; readonly owner: JobRecord['owner'] | null; readonly updatedAt: string; readonly pipeline: JobRecord['pipeline'] } | null;
  /** Per stage: count of batches per state. */
  readonly stages: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Per stage that declares `counts`: how many frames each of its steps handled, over the finished job's partitions. */
  readonly frameCounts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly batches: readonly BatchState[];
}

/**
 * A job's state per stage and batch, with errors. A finished job's record lists every partition (computed or
 * reused); while it runs, the journal's checkpoint events of this job say what it has done so far.
 */
export async function inspectJob(workspace: string, id: string): Promise<JobInspection> {
  const layout = openWorkspace(workspace);
  const queue = await new JobQueue(layout).find(id);
  const record = await readJsonIfExists<JobRecord>(layout.job(id));
  if (!queue && !record) throw new WinnowError(ErrorCode.JobNotFound, `no job ${id} in ${layout.root}`, { suggestions: ['submit one with: winnow submit --input DIR'] });
  const checkpoints = new CheckpointStore(layout);
  const batches: BatchState[] = [];
  const frameCounts: Record<string, Record<string, number>> = {};
  if (record && record.streams.length > 0) {
    for (const s of record.streams) {
      for (const [stage, parts] of Object.entries(s.stages)) {
        for (const p of parts) {
          if (p.counts) frameCounts[stage] = addCounts(frameCounts[stage] ?? {}, p.counts);
          const cp = p.key && p.state !== 'SUCCEEDED' ? await checkpoints.read({ stage, stream: s.id, start: p.start, end: p.end }, p.key) : null;
          batches.push({ stage, stream: s.id, start: p.start, end: p.end, state: p.state, key: p.key, attempts: cp?.attempts ?? null, error: cp?.error ? `${cp.error.code}: ${cp.error.message}` : null });
        }
      }
    }
  } else {
    const latest = new Map<string, BatchState>();
    for await (const e of new EventJournal(layout).read()) {
      if (e.type !== 'checkpoint' || e.job !== id) continue;
      const b = e as unknown as BatchState & { error?: string };
      latest.set(`${b.stage}/${b.stream}/${b.start}_${b.end}`, { stage: b.stage, stream: b.stream, start: b.start, end: b.end, state: b.state, key: b.key, attempts: (e.attempts as number) ?? null, error: b.error ?? null });
    }
    batches.push(...latest.values());
  }
  const stages: Record<string, Record<string, number>> = {};
  for (const b of batches) {
    const c = (stages[b.stage] ??= {});
    c[b.state] = (c[b.state] ?? 0) + 1;
  }
  return {
    id,
    queue,
    job: record ? { state: jobStateOf(record), mode: record.mode, owner: record.owner ?? null, updatedAt: record.updatedAt, pipeline: record.pipeline } : null,
    stages,
    frameCounts,
    batches,
  };
}
