import type { FrameError, FrameRecord, FrameRef, FrameView, StreamInfo, ViewSpec } from '@winnow/sdk';
import type { ErrorData } from '../errors';
import type { FrameProbe } from '../ingest/probe-frame';

/** Messages between the executor and its worker threads (structured-clone safe). */
export interface ProbeTask {
  readonly kind: 'probe';
  readonly items: readonly { readonly file: string; readonly label: string }[];
}

export interface MeasureStage {
  readonly name: string;
  readonly hookModule: string;
  readonly config: unknown;
  /** The stage's view names mapped to keys of `MeasureTask.views`. */
  readonly views: Readonly<Record<string, string>>;
  /** Upstream batch-stage outputs this stage reads, by artifact type -> producing stage name. */
  readonly inputs: Readonly<Record<string, string>>;
}

export interface MeasureTask {
  readonly kind: 'measure';
  readonly streamDir: string;
  readonly workspace: string;
  readonly stream: StreamInfo;
  /** Frames in order, every one read and catalogued before (see `resolveFrames`). */
  readonly frames: readonly { readonly index: number; readonly path: string; readonly blake3: string; readonly width: number; readonly height: number }[];
  /** Stages in dependency order. */
  readonly stages: readonly MeasureStage[];
  /** Every distinct view the stages of this task asked for, by canonical key. */
  readonly views: Readonly<Record<string, ViewSpec>>;
  /**
   * Longer side of the one decode (null: full size): the pass's, not just this task's, so that a stage's
   * pixels never depend on which other stages happened to need computing.
   */
  readonly decodeMaxSide: number | null;
  /**
   * Records of cached upstream stages and of earlier passes, per stage name, per frame index. Records under the
   * name of a stage of this task are the ones the host settled (`settle`): that stage does not measure them.
   */
  readonly upstream: Upstream;
  /**
   * For the stages that run in a GPU worker next: the view keys whose pixels go back with the result, per
   * decoded frame (an empty list still lists the decoded frames). null: nothing goes on.
   */
  readonly keep: readonly string[] | null;
}

export type Upstream = Readonly<Record<string, Readonly<Record<number, FrameRecord>>>>;

/** A decoded frame on its way to a GPU worker: its catalog fields and the views kept for it. */
export interface LaneFrame {
  readonly index: number;
  readonly path: string;
  readonly blake3: string;
  readonly width: number;
  readonly height: number;
  /** By canonical view key. */
  readonly views: Readonly<Record<string, FrameView>>;
}

/** A chunk of decoded frames for the stages that run in a GPU worker process (GPU stages and what reads them). */
export interface LaneTask {
  readonly workspace: string;
  readonly stream: StreamInfo;
  readonly frames: readonly LaneFrame[];
  /** Stages in dependency order. */
  readonly stages: readonly MeasureStage[];
  /** Cached upstream records, and those the CPU workers just measured for these frames. */
  readonly upstream: Upstream;
  /** Stages that take the chunk through `measureBatch`; the others are measured frame by frame. */
  readonly batched: readonly string[];
}

export interface MeasureResult {
  /** Per stage, per frame, in frame order. */
  readonly records: Readonly<Record<string, readonly (readonly [number, FrameRecord])[]>>;
  /** Frames that could not be decoded. */
  readonly frameErrors: readonly (readonly [number, FrameError])[];
  /**
   * A stage threw `fatalStageError`: the task failed. Sent as data because an Error crossing the thread
   * boundary loses its `code`.
   */
  readonly fatal?: StageFatal;
  /** The views of `MeasureTask.keep`, per decoded frame. */
  readonly views?: readonly (readonly [number, Readonly<Record<string, FrameView>>])[];
}

export interface StageFatal {
  readonly stage: string;
  readonly code: string;
  readonly message: string;
  readonly stack?: string;
}

/** A stream stage over a whole stream (see `computeStream`): inputs and output go through the artifact store. */
export interface StreamTask {
  readonly kind: 'stream';
  readonly hookModule: string;
  readonly name: string;
  readonly config: unknown;
  readonly workspace: string;
  readonly stream: StreamInfo;
  /** The catalog as frame refs (ingest errors only; the worker merges the decode errors of the inputs). */
  readonly frames: readonly FrameRef[];
  /** Per input artifact type: its artifacts in partition order. */
  readonly inputs: Readonly<Record<string, readonly string[]>>;
}

/** The stored output, or the stage's error as data (an Error crossing the thread boundary loses its `code`). */
export type StreamOutcome = { readonly artifact: string; readonly frames: number } | { readonly error: ErrorData };

export type WorkerTask = ProbeTask | MeasureTask | StreamTask;
export type { FrameProbe };
