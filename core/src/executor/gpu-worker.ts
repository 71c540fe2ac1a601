import type { FrameInput, FrameRecord } from '@winnow/sdk';
import { errorData, type ErrorData } from '../errors';
import { FatalStage, frameInput, loadStages, measureFrames, settledRecord, stageContext, workerLogger } from './stage-runner';
import type { LaneTask, MeasureResult } from './tasks';

/**
 * A GPU worker process (forked by `GpuPool`): runs the GPU stages of a chunk of frames the CPU workers decoded,
 * one task at a time. Stage modules, and so their model sessions, are loaded once and kept for the life of the
 * process; a GPU stage gets the chunk at once (`measureBatch`), so it can put several frames in one inference.
 */
export interface LaneRequest {
  readonly id: number;
  readonly task: LaneTask;
}

export type LaneReply = { readonly id: number; readonly result: MeasureResult } | { readonly id: number; readonly error: ErrorData };

async function measureLane(task: LaneTask): Promise<MeasureResult> {
  const stages = await loadStages(task.stages);
  const logger = workerLogger(task.stream.name);
  const records: Record<string, [number, FrameRecord][]> = Object.fromEntries(task.stages.map((s) => [s.name, []]));
  const mine = new Map<number, Record<string, FrameRecord>>(task.frames.map((f) => [f.index, {}]));
  const label = (f: { path: string }) => `${task.stream.name}/${f.path}`;
  try {
    for (const run of stages) {
      const ctx = stageContext(run.spec, task.stream, task.workspace, logger);
      const inputs: FrameInput[] = [];
      for (const f of task.frames) {
        const settled = settledRecord(task.upstream, run.spec, f.index);
        if (settled) (mine.get(f.index) as Record<string, FrameRecord>)[run.spec.name] = settled;
        else inputs.push(frameInput(run.spec, f, f.views, mine.get(f.index) as Record<string, FrameRecord>, task.upstream));
      }
      if (inputs.length === 0) continue;
      const out = await measureFrames(run, inputs, ctx, label, task.batched.includes(run.spec.name));
      out.forEach((record, i) => {
        (mine.get(inputs[i].index) as Record<string, FrameRecord>)[run.spec.name] = record;
        records[run.spec.name].push([inputs[i].index, record]);
      });
    }
  } catch (e) {
    if (e instanceof FatalStage) return { records, frameErrors: [], fatal: e.fatal };
    throw e;
  }
  return { records, frameErrors: [] };
}

function reply(message: LaneReply): void {
  process.send?.(message);
}

let queue = Promise.resolve();
process.on('message', (request: LaneRequest) => {
  queue = queue.then(() =>
    measureLane(request.task).then(
      (result) => reply({ id: request.id, result }),
      (e: unknown) => reply({ id: request.id, error: errorData(e) }),
    ),
  );
});
// The host is gone (it exited or was killed): a GPU worker never outlives it holding device memory.
process.on('disconnect', () => process.exit(0));
