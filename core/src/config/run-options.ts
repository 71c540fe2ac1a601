import { availableParallelism } from 'node:os';
import type * as TypeBox from '@sinclair/typebox';
import { ErrorCode, WinnowError } from '../errors';
import { visibleGpus } from '../executor/gpu-devices';
import { DEFAULT_FRAME_PATTERN } from '../ingest/frame-name';

function build() {
  // Loaded on first use: ~80 ms of module loading that commands other than run should not pay.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Type } = require('@winnow/sdk/typebox') as typeof TypeBox;
  return Type.Object(
    {
      stages: Type.Array(Type.String(), {
        default: [],
        description: 'Stages to run, by name; their upstream stages are added. Empty: every installed stage that is not opt-in.',
      }),
      batchSize: Type.Integer({ minimum: 1, default: 512, description: 'Frames per checkpointed batch.' }),
      workers: Type.Integer({ minimum: 0, default: 0, description: `CPU worker threads; 0 means one per core (${availableParallelism()} here). At most ${maxWorkers()} (${WORKERS_PER_CORE} per core).` }),
      gpuWorkers: Type.Integer({
        minimum: -1,
        default: -1,
        description: `Worker processes for GPU stages (resources.gpu): each keeps its models loaded and takes frames in batches. -1: one per visible GPU (${visibleGpus().length} here); 0: GPU stages run in the CPU workers. At most ${maxGpuWorkers()} (one per core or per GPU).`,
      }),
      retries: Type.Integer({ minimum: 0, default: 2, description: 'Retries of a failed batch before it is recorded FAILED.' }),
      ingest: Type.Object(
        {
          pattern: Type.String({ default: DEFAULT_FRAME_PATTERN, description: 'Frame file name pattern; its one capture group is the frame index.' }),
          strict: Type.Boolean({ default: false, description: 'Fail on gaps, duplicate indices, foreign or unreadable files instead of recording them.' }),
          rehash: Type.Boolean({ default: false, description: 'Hash every frame again even when its size and times are unchanged.' }),
        },
        { default: {}, additionalProperties: false },
      ),
    },
    { additionalProperties: true },
  );
}

let schema: ReturnType<typeof build> | null = null;

/** Options of a run that are not any stage's: the same schema drives config files and flags. */
export function runOptionsSchema(): ReturnType<typeof build> {
  schema ??= build();
  return schema;
}

export type RunOptions = TypeBox.Static<ReturnType<typeof build>>;

export function effectiveWorkers(options: RunOptions): number {
  return options.workers > 0 ? options.workers : availableParallelism();
}

export function effectiveGpuWorkers(options: RunOptions): number {
  return options.gpuWorkers >= 0 ? options.gpuWorkers : visibleGpus().length;
}

/** CPU worker threads per core a run may ask for: more only adds threads that wait (and memory: each decodes). */
const WORKERS_PER_CORE = 4;

/** The most CPU worker threads a run (or the gateway) may have: 4 per core. */
export function maxWorkers(): number {
  return WORKERS_PER_CORE * availableParallelism();
}

/** The most GPU worker processes: one per core or per visible GPU, whichever is more (each is a process with its models). */
export function maxGpuWorkers(): number {
  return Math.max(availableParallelism(), visibleGpus().length);
}

/**
 * Refuses worker counts above `maxWorkers` / `maxGpuWorkers`, naming the machine's core count: `--workers 1000`
 * would start a thousand threads that each hold decoded frames. `names` says how the caller spells the options.
 */
export function checkWorkerCounts(o: Pick<RunOptions, 'workers' | 'gpuWorkers'>, names = { workers: 'workers', gpuWorkers: 'gpuWorkers' }): void {
  const cores = availableParallelism();
  const problems = [
    o.workers > maxWorkers() ? `${names.workers}: got ${o.workers}, at most ${maxWorkers()} (${WORKERS_PER_CORE} per core; this machine has ${cores} cores)` : '',
    o.gpuWorkers > maxGpuWorkers() ? `${names.gpuWorkers}: got ${o.gpuWorkers}, at most ${maxGpuWorkers()} (one per core or per GPU; this machine has ${cores} cores and ${visibleGpus().length} GPUs)` : '',
  ].filter(Boolean);
  if (problems.length > 0) throw new WinnowError(ErrorCode.ConfigInvalid, `invalid config:\n  ${problems.join('\n  ')}`, { details: { problems } });
}
