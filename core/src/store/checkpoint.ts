import type { FrameError } from '@winnow/sdk';
/** A stage's per-frame counts summed over frames (see `BatchStage.counts`). */
export type FrameCounts = Readonly<Record<string, number>>;

/** The states a checkpoint moves through. Only SUCCEEDED is ever skipped. */
export type CheckpointState = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/** Why the key is what it is: what `inspect` uses to tell why something reruns. */
export interface Provenance {
  readonly stageVersion: string;
  readonly codeHash: string;
  readonly configHash: string;
  readonly inputsHash: string;
  readonly envHash: string;
}

export interface Checkpoint {
  readonly key: string;
  readonly stage: string;
  readonly stream: string;
  readonly start: number;
  readonly end: number;
  readonly state: CheckpointState;
  readonly attempts: number;
  readonly provenance: Provenance;
  /** Upstream artifact digests (or the frames digest) this result was computed from. */
  readonly inputRefs: readonly string[];
  /** `errors`: the frames a frame-reading batch stage could not decode, so that listing them reads no artifact. */
  readonly output: { readonly artifact: string; readonly frames: number; readonly frameErrors: number; readonly errors?: readonly (readonly [number, FrameError])[]; readonly counts?: FrameCounts } | null;
  readonly error: { readonly code: string; readonly message: string; readonly stack?: string } | null;
  readonly updatedAt: string;
  readonly pid: number;
}
