import * as path from 'node:path';
import type { FrameError, FrameRecord, FrameView } from '@winnow/sdk';
import sharp from 'sharp';
import { decodeFrame } from '../decode/decode-frame';
import { planDecode } from '../decode/decode-plan';
import { FrameErrorCode, errorData, errorMessage } from '../errors';
import { probeFrame, unreadable } from '../ingest/probe-frame';
import { NotAFileError, readRegularFile } from '../ingest/read-frame';
import { FatalStage, frameInput, loadStages, neverAborted, recordOf, settledRecord, stageContext, stageOf, workerLogger } from './stage-runner';
import { computeStream } from './stream-compute';
import type { FrameProbe, MeasureResult, MeasureTask, StreamOutcome, StreamTask, WorkerTask } from './tasks';

// Each worker thread is one core's worth of work: libvips must not spawn its own threads on top.
sharp.concurrency(1);
sharp.cache(false);

interface Prepared {
  readonly frame: MeasureTask['frames'][number];
  /** null: unreadable (its probe or decode error is recorded). */
  readonly decoded: Record<string, FrameView> | null;
}

/**
 * Piscina worker entry: probes frames, or decodes a run of frames once and runs every batch stage on them, or
 * runs a stream stage over a whole stream.
 */
export default async function work(task: WorkerTask): Promise<FrameProbe[] | MeasureResult | StreamOutcome> {
  if (task.kind === 'probe') return Promise.all(task.items.map((i) => probeFrame(i.file, i.label)));
  if (task.kind === 'stream') return streamStage(task);
  return measure(task);
}

async function streamStage(task: StreamTask): Promise<StreamOutcome> {
  try {
    const stage = await stageOf(task.hookModule, task.name, 'stream');
    return await computeStream({ ...task, stage, logger: workerLogger(task.stream.name), signal: neverAborted });
  } catch (e) {
    return { error: errorData(e) };
  }
}

async function measure(task: MeasureTask): Promise<MeasureResult> {
  const stages = await loadStages(task.stages);
  const plan = { ...planDecode(task.views), maxSide: task.decodeMaxSide };
  const logger = workerLogger(task.stream.name);
  const records: Record<string, [number, FrameRecord][]> = Object.fromEntries(task.stages.map((s) => [s.name, []]));
  const frameErrors: [number, FrameError][] = [];
  const kept: [number, Record<string, FrameView>][] = [];
  const label = (p: string) => `${task.stream.name}/${p}`;

  // The next frame is read and decoded (libvips, on libuv's thread pool) while this one is measured (JS, on this
  // thread), so decoding and measuring overlap instead of taking turns. The read is synchronous, so the decode is
  // under way before this frame's measure starts.
  const prepare = async (i: number): Promise<Prepared> => {
    const frame = task.frames[i];
    try {
      const data = readRegularFile(path.join(task.streamDir, frame.path));
      return { frame, decoded: Object.keys(task.views).length > 0 ? await decodeFrame(data, frame.width, frame.height, plan) : {} };
    } catch (e) {
      frameErrors.push([frame.index, frameErrorOf(e, label(frame.path))]);
      return { frame, decoded: null };
    }
  };
  let next = task.frames.length > 0 ? prepare(0) : null;
  const contexts = stages.map((run) => stageContext(run.spec, task.stream, task.workspace, logger));
  try {
    for (let i = 0; next; i++) {
      const { frame, decoded } = await next;
      next = i + 1 < task.frames.length ? prepare(i + 1) : null;
      if (!decoded) continue;
      const mine: Record<string, FrameRecord> = {};
      for (const [s, run] of stages.entries()) {
        const settled = settledRecord(task.upstream, run.spec, frame.index);
        const record = settled ?? (await recordOf(run, frameInput(run.spec, frame, decoded, mine, task.upstream), contexts[s], label(frame.path)));
        mine[run.spec.name] = record;
        if (!settled) records[run.spec.name].push([frame.index, record]);
      }
      if (task.keep) kept.push([frame.index, Object.fromEntries(task.keep.map((key) => [key, ownBytes(decoded[key])]))]);
    }
  } catch (e) {
    if (e instanceof FatalStage) return { records, frameErrors, fatal: e.fatal };
    throw e;
  }
  return { records, frameErrors, ...(task.keep ? { views: kept } : {}) };
}

/** A view whose bytes are all of its buffer: a view into a larger decode buffer would send that whole buffer. */
function ownBytes(view: FrameView): FrameView {
  return view.data.byteLength === view.data.buffer.byteLength ? view : { ...view, data: view.data.slice() };
}

/**
 * libvips reports a damaged JPEG either by its own warning or by sharp's generic "warning treated as error",
 * depending on timing: name the cause in one stable way so that results (and exports) are deterministic.
 */
function decodeFailure(e: unknown): string {
  const text = errorMessage(e).trim();
  if (/failOn|premature end|truncat|corrupt|bad huffman|marker/i.test(text)) return 'image data is truncated or damaged';
  return text.split('\n')[0];
}

/** A frame that cannot be read (gone, not a file any more) or decoded, as its per-frame error. */
function frameErrorOf(e: unknown, label: string): FrameError {
  if (e instanceof NotAFileError || (e as NodeJS.ErrnoException).syscall) return unreadable(label, e).error as FrameError;
  return { code: FrameErrorCode.Corrupt, message: `${label}: cannot be decoded (${decodeFailure(e)})` };
}
