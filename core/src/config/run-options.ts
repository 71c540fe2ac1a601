import { availableParallelism } from 'node:os';
import type * as TypeBox from '@sinclair/typebox';
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
      workers: Type.Integer({ minimum: 0, default: 0, description: `CPU worker threads; 0 means one per core (${availableParallelism()} here).` }),
      gpuWorkers: Type.Integer({
        minimum: -1,
        default: -1,
        description: `Worker processes for GPU stages (resources.gpu): each keeps its models loaded and takes frames in batches. -1: one per visible GPU (${visibleGpus().length} here); 0: GPU stages run in the CPU workers.`,
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
