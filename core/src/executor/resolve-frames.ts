import * as path from 'node:path';
import type { StreamInfo } from '@winnow/sdk';
import { catalogFrame, sameStat } from '../ingest/catalog';
import { readBatchProbes, saveProbes } from '../ingest/ingest-stream';
import type { FrameProbe } from '../ingest/probe-frame';
import { chunk, type Batch } from './batches';
import type { RunContext } from './run-context';
import { settleAll } from './semaphore';

/** Frames per probe task. */
const PROBE_CHUNK = 64;

/**
 * Reads the batch's new and changed frames (BLAKE3, header) before any key is computed, so that every key is
 * computed once, from known digests: a frame whose stat changed but whose content did not (a `touch`, a copy)
 * costs a hash and reuses its checkpoints. Probes saved for this batch by an interrupted or concurrent run are
 * taken while the file's stat still matches; the probes made here are saved for the same reason.
 */
export async function resolveFrames(ctx: RunContext, stream: StreamInfo & { dir: string }, batch: Batch): Promise<Batch> {
  if (!batch.frames.some((f) => f.pending)) return batch;
  const range = `${batch.start}_${batch.end}`;
  const saved = new Map((await readBatchProbes(ctx.layout, stream.id, range)).map((f) => [f.path, f]));
  let frames = batch.frames.map((f) => {
    const s = f.pending ? saved.get(f.path) : undefined;
    return s && s.index === f.index && sameStat(s.stat, f.stat) ? s : f;
  });
  const pending = frames.filter((f) => f.pending);
  if (pending.length > 0) {
    const probes = await probeFiles(ctx, pending.map((f) => ({ file: path.join(stream.dir, f.path), label: `${stream.name}/${f.path}` })));
    const byIndex = new Map(pending.map((f, i) => [f.index, catalogFrame(f.index, f.path, f.stat, probes[i])]));
    frames = frames.map((f) => byIndex.get(f.index) ?? f);
    await saveProbes(ctx.layout, stream.id, range, frames.filter((_, i) => batch.frames[i].pending));
  }
  return { ...batch, frames };
}

/** Probes files (BLAKE3, header) in the worker pool, `PROBE_CHUNK` a task. */
export async function probeFiles(ctx: RunContext, items: readonly { readonly file: string; readonly label: string }[]): Promise<FrameProbe[]> {
  return (await settleAll(chunk(items, PROBE_CHUNK).map((part) => ctx.inflight.use(() => ctx.pool.probe(part, ctx.signal))))).flat();
}
