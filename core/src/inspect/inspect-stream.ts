import { openWorkspace } from '../workspace/open-workspace';
import { mapLimit } from '../executor/semaphore';
import { exportSourceOf } from '../export/export-source';
import { DEFAULT_FRAME_PATTERN } from '../ingest/frame-name';
import { ingestStream, streamIdOf } from '../ingest/ingest-stream';
import { resolveStreamDir } from '../ingest/stream-folder';
import { probeFrame } from '../ingest/probe-frame';
import type { StreamRecord } from '../ingest/catalog';
import { ArtifactStore } from '../store/artifact-store';
import { JobStore } from '../store/job-store';

export interface MetricSummary {
  readonly count: number;
  readonly min?: number;
  readonly median?: number;
  readonly max?: number;
  /** For boolean fields: how many are true. */
  readonly true?: number;
}

export interface StreamInspection {
  readonly stream: StreamRecord;
  readonly unreadable: readonly { readonly frame_idx: number; readonly path: string; readonly code: string; readonly message: string }[];
  /** From the newest finished job that covered this stream, if any. */
  readonly job: string | null;
  /** Per stage, per field. */
  readonly metrics: Readonly<Record<string, Readonly<Record<string, MetricSummary>>>>;
}

/** Summarises a stream: its catalog (frames, gaps, unreadable files) and the metrics of its newest job. */
export async function inspectStream(dir: string, workspace: string, pattern = DEFAULT_FRAME_PATTERN): Promise<StreamInspection> {
  const layout = openWorkspace(workspace);
  const catalog = await ingestStream(dir, { pattern, strict: false, rehash: false }, layout, (items) => mapLimit(items, 4, (i) => probeFrame(i.file, i.label)));
  const streamId = streamIdOf(resolveStreamDir(dir));
  const job = await new JobStore(layout).newestFinished((j) => j.streams.some((s) => s.id === streamId));
  const unreadable = new Map(catalog.frames.filter((f) => f.error).map((f) => [f.index, { frame_idx: f.index, path: f.path, ...f.error! }]));
  const values: Record<string, Record<string, unknown[]>> = {};
  if (job) {
    const source = await exportSourceOf({ ...job, streams: job.streams.filter((s) => s.id === catalog.stream.id) }, new ArtifactStore(layout));
    for await (const row of source.streams[0].rows()) {
      if (row.error && !unreadable.has(row.frame_idx)) unreadable.set(row.frame_idx, { frame_idx: row.frame_idx, path: row.path, ...row.error });
      for (const stage of source.streams[0].stages) {
        const rec = row[stage] as Record<string, unknown> | undefined;
        if (!rec) continue;
        for (const [k, v] of Object.entries(rec)) ((values[stage] ??= {})[k] ??= []).push(v);
      }
    }
  }
  const metrics = Object.fromEntries(Object.entries(values).map(([stage, fields]) => [stage, Object.fromEntries(Object.entries(fields).flatMap(([k, vs]) => summarise(k, vs)))]));
  return { stream: catalog.stream, unreadable: [...unreadable.values()].sort((a, b) => a.frame_idx - b.frame_idx), job: job?.id ?? null, metrics };
}

function summarise(field: string, vs: readonly unknown[]): [string, MetricSummary][] {
  if (vs.every((v) => typeof v === 'boolean')) return [[field, { count: vs.length, true: vs.filter(Boolean).length }]];
  const nums = vs.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (nums.length === 0) return [];
  return [[field, { count: nums.length, min: nums[0], median: nums[Math.floor(nums.length / 2)], max: nums[nums.length - 1] }]];
}
