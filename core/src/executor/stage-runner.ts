import type { BatchStage, FrameInput, FrameRecord, FrameView, Logger, PluginContribution, Stage, StageContext, StreamInfo } from '@winnow/sdk';
import { errorMessage } from '../errors';
import { loadContribution } from '../registry/load-contribution';
import type { MeasureStage, StageFatal, Upstream } from './tasks';

/**
 * Running batch stages inside a worker (a CPU worker thread or a GPU worker process): loading them once per
 * worker, building what each sees of a frame, and turning their failures into per-frame errors or, for a
 * `fatalStageError`, into the failure of the whole task.
 */
export interface RunnableStage {
  readonly spec: MeasureStage;
  readonly stage: BatchStage;
}

/** A stage threw `fatalStageError`: the task fails with it (it crosses back to the host as data, code kept). */
export class FatalStage extends Error {
  constructor(readonly fatal: StageFatal) {
    super(fatal.message);
  }
}

/** The catalog fields of a frame a stage measures. */
export interface MeasuredFrame {
  readonly index: number;
  readonly path: string;
  readonly blake3: string;
  readonly width: number;
  readonly height: number;
}

const contributions = new Map<string, Promise<PluginContribution>>();
/**
 * What a worker's stages get as their signal: it never fires, because the host aborts a task by ending its thread
 * (or process), which stops a stage even in the middle of synchronous work.
 */
export const neverAborted: AbortSignal = new AbortController().signal;

export function loadStages(specs: readonly MeasureStage[]): Promise<RunnableStage[]> {
  return Promise.all(specs.map(async (spec) => ({ spec, stage: await stageOf(spec.hookModule, spec.name, 'batch') })));
}

/** A stage of a plugin, its module loaded once per worker. */
export async function stageOf<P extends Stage['partition']>(hookModule: string, name: string, partition: P): Promise<Extract<Stage, { partition: P }>> {
  let c = contributions.get(hookModule);
  if (!c) {
    c = loadContribution(hookModule);
    contributions.set(hookModule, c);
  }
  const stage = (await c).stages?.find((s) => s.name === name);
  if (!stage || stage.partition !== partition) throw new Error(`${hookModule} no longer provides ${partition} stage "${name}"`);
  return stage as Extract<Stage, { partition: P }>;
}

export function stageContext(spec: MeasureStage, stream: StreamInfo, workspace: string, logger: Logger): StageContext<never> {
  return { config: spec.config as never, stream, signal: neverAborted, logger, workspace };
}

/**
 * What a stage sees of one frame: its views (from the frame's decoded views by key) and its inputs, from the
 * records this worker already made for the frame (`mine`) or from the upstream records it was sent.
 */
export function frameInput(spec: MeasureStage, frame: MeasuredFrame, decoded: Readonly<Record<string, FrameView>>, mine: Readonly<Record<string, FrameRecord>>, upstream: Upstream): FrameInput {
  const views = Object.fromEntries(Object.entries(spec.views).map(([name, key]) => [name, decoded[key]]));
  const inputs = Object.fromEntries(Object.entries(spec.inputs).map(([type, producer]) => [type, mine[producer] ?? upstream[producer]?.[frame.index]]));
  return { index: frame.index, path: frame.path, blake3: frame.blake3, width: frame.width, height: frame.height, views, inputs };
}

/** The record the host already settled for this stage and frame (`settle`): the frame is not measured again. */
export function settledRecord(upstream: Upstream, spec: MeasureStage, index: number): FrameRecord | undefined {
  return upstream[spec.name]?.[index];
}

/**
 * Frames through one stage, in order: at once through its `measureBatch` when `batched` (and it has one), else
 * one by one. A batch that throws (not fatally) is measured again one by one, so that one bad frame becomes its
 * own error record and the others keep theirs.
 */
export async function measureFrames(run: RunnableStage, frames: readonly FrameInput[], ctx: StageContext<never>, label: (f: FrameInput) => string, batched: boolean): Promise<FrameRecord[]> {
  const batch = batched ? run.stage.measureBatch : undefined;
  if (batch) {
    try {
      const out = await batch.call(run.stage, frames, ctx);
      if (out.length === frames.length) return [...out];
      ctx.logger.warn(`stage ${run.spec.name}: measureBatch returned ${out.length} records for ${frames.length} frames; measuring them one by one`);
    } catch (e) {
      const fatal = asFatal(run, e);
      if (fatal) throw fatal;
    }
  }
  const out: FrameRecord[] = [];
  for (const f of frames) out.push(await recordOf(run, f, ctx, label(f)));
  return out;
}

/** One frame through one stage: a throw is that frame's error record; a fatal one fails the task (`FatalStage`). */
export async function recordOf(run: RunnableStage, frame: FrameInput, ctx: StageContext<never>, label: string): Promise<FrameRecord> {
  try {
    return await run.stage.measure(frame, ctx);
  } catch (e) {
    const fatal = asFatal(run, e);
    if (fatal) throw fatal;
    return { error: { code: 'STAGE_FRAME_FAILED', message: `stage ${run.spec.name} failed on ${label}: ${errorMessage(e)}` } };
  }
}

function asFatal(run: RunnableStage, e: unknown): FatalStage | null {
  if ((e as { fatal?: unknown })?.fatal !== true) return null;
  const { code, message, stack } = e as Error & { code?: string };
  return new FatalStage({ stage: run.spec.name, code: code ?? 'STAGE_FATAL', message, stack });
}

/** Worker logs go to stderr as JSON lines, tagged with the stream. */
export function workerLogger(stream: string): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => process.stderr.write(JSON.stringify({ level, stream, msg: message, ...fields }) + '\n');
  return { debug: () => undefined, info: log('info'), warn: log('warn'), error: log('error') };
}
