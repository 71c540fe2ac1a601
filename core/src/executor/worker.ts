import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BatchStage, FrameError, FrameRecord, FrameView, Logger, PluginContribution } from '@winnow/sdk';
import sharp from 'sharp';
import { decodeFrame } from '../decode/decode-frame';
import { planDecode } from '../decode/decode-plan';
import { FrameErrorCode, errorMessage } from '../errors';
import { probeBytes, probeFrame, unreadable } from '../ingest/probe-frame';
import { loadContribution } from '../registry/load-contribution';
import type { FrameProbe, MeasureResult, MeasureTask, WorkerTask } from './tasks';

// Each worker thread is one core's worth of work: libvips must not spawn its own threads on top.
sharp.concurrency(1);
sharp.cache(false);

interface Prepared {
  readonly frame: MeasureTask['frames'][number];
  /** null: unreadable (its probe or decode error is recorded). */
  readonly decoded: Record<string, FrameView> | null;
}

const contributions = new Map<string, Promise<PluginContribution>>();
const neverAborted = new AbortController().signal;

/** Piscina worker entry: probes frames, or decodes a run of frames once and runs every batch stage on them. */
export default async function work(task: WorkerTask): Promise<FrameProbe[] | MeasureResult> {
  if (task.kind === 'probe') return Promise.all(task.items.map((i) => probeFrame(i.file, i.label)));
  return measure(task);
}

async function measure(task: MeasureTask): Promise<MeasureResult> {
  const stages = await Promise.all(task.stages.map(async (s) => ({ spec: s, stage: await stageOf(s.hookModule, s.name) })));
  const plan = { ...planDecode(task.views), maxSide: task.decodeMaxSide };
  const logger = workerLogger(task.stream.name);
  const records: Record<string, [number, FrameRecord][]> = Object.fromEntries(task.stages.map((s) => [s.name, []]));
  const frameErrors: [number, FrameError][] = [];
  const label = (p: string) => `${task.stream.name}/${p}`;

  // The next frame is read, probed and decoded (libvips, on libuv's thread pool) while this one is measured (JS,
  // on this thread), so decoding and measuring overlap instead of taking turns. Everything before the decode is
  // synchronous (read, BLAKE3, header), so the decode is under way before this frame's measure starts.
  const probes: [number, FrameProbe][] = [];
  const prepare = async (i: number): Promise<Prepared> => {
    let frame = task.frames[i];
    const data = readFrame(path.join(task.streamDir, frame.path));
    if (frame.probe) {
      const probe = data instanceof Error ? unreadable(label(frame.path), data) : await probeBytes(data, label(frame.path));
      probes.push([frame.index, probe]);
      if (probe.error) return { frame, decoded: null };
      frame = { ...frame, blake3: probe.blake3, width: probe.width as number, height: probe.height as number };
    }
    try {
      if (data instanceof Error) throw data;
      return { frame, decoded: Object.keys(task.views).length > 0 ? await decodeFrame(data, frame.width, frame.height, plan) : {} };
    } catch (e) {
      frameErrors.push([frame.index, { code: FrameErrorCode.Corrupt, message: `${label(frame.path)}: cannot be decoded (${decodeFailure(e)})` }]);
      return { frame, decoded: null };
    }
  };
  let next = task.frames.length > 0 ? prepare(0) : null;
  for (let i = 0; next; i++) {
    const { frame, decoded } = await next;
    next = i + 1 < task.frames.length ? prepare(i + 1) : null;
    if (!decoded) continue;
    const mine: Record<string, FrameRecord> = {};
    for (const { spec, stage } of stages) {
      const views = Object.fromEntries(Object.entries(spec.views).map(([name, key]) => [name, decoded[key]]));
      const inputs = Object.fromEntries(Object.entries(spec.inputs).map(([type, producer]) => [type, mine[producer] ?? task.upstream[producer]?.[frame.index]]));
      let record: FrameRecord;
      try {
        record = await stage.measure(
          { index: frame.index, path: frame.path, blake3: frame.blake3, width: frame.width, height: frame.height, views, inputs },
          { config: spec.config as never, stream: task.stream, signal: neverAborted, logger, workspace: task.workspace },
        );
      } catch (e) {
        if ((e as { fatal?: unknown }).fatal === true) {
          const { code, message, stack } = e as Error & { code?: string };
          return { records, frameErrors, probes, fatal: { stage: spec.name, code: code ?? 'STAGE_FATAL', message, stack } };
        }
        record = { error: { code: 'STAGE_FRAME_FAILED', message: `stage ${spec.name} failed on ${label(frame.path)}: ${errorMessage(e)}` } };
      }
      mine[spec.name] = record;
      records[spec.name].push([frame.index, record]);
    }
  }
  return { records, frameErrors, probes };
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

/**
 * Read synchronously on purpose: a frame is a page-cache copy of well under a millisecond, while an async read
 * is four trips through the event loop, and a stage whose measure blocks this thread (onnxruntime-node's run
 * is synchronous) would hold each trip back by a whole frame, so the next frame's decode would never overlap it.
 */
function readFrame(file: string): Buffer | Error {
  try {
    return readFileSync(file);
  } catch (e) {
    return e as Error;
  }
}

async function stageOf(hookModule: string, name: string): Promise<BatchStage> {
  let c = contributions.get(hookModule);
  if (!c) {
    c = loadContribution(hookModule);
    contributions.set(hookModule, c);
  }
  const stage = (await c).stages?.find((s) => s.name === name);
  if (!stage || stage.partition !== 'batch') throw new Error(`${hookModule} no longer provides batch stage "${name}"`);
  return stage;
}

function workerLogger(stream: string): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    process.stderr.write(JSON.stringify({ level, stream, msg: message, ...fields }) + '\n');
  return { debug: () => undefined, info: log('info'), warn: log('warn'), error: log('error') };
}
