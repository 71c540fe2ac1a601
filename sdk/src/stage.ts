import type { Static, TObject } from '@sinclair/typebox';
import type { StageReport } from './report';
import type { FrameView, ViewSpecs, Views } from './views';

/** A per-frame result: plain JSON-compatible data (it is stored as MessagePack and exported as JSON/Parquet). */
export type FrameRecord = Readonly<Record<string, unknown>>;

/** Why a frame could not be used. `code` is stable; `message` names the file and what is wrong with it. */
export interface FrameError {
  readonly code: string;
  readonly message: string;
}

/** One catalogued frame of a stream. `path` is relative to the stream folder. */
export interface FrameRef {
  readonly index: number;
  readonly path: string;
  readonly blake3: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly error: FrameError | null;
}

export interface StreamInfo {
  readonly id: string;
  readonly name: string;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Everything a stage gets from the host. A stage never imports host internals. */
export interface StageContext<C> {
  /** The stage's config, defaults applied and validated against its schema. */
  readonly config: C;
  readonly stream: StreamInfo;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Absolute path of the run's workspace (for stage-owned state such as a model registry). */
  readonly workspace: string;
}

/** What `fingerprint` gets: the host-side context of a run, before any partition is computed. */
export interface FingerprintContext {
  readonly workspace: string;
}

/** What a batch stage sees of one frame: the views it declared and the records of upstream stages. */
export interface FrameInput<V extends ViewSpecs = ViewSpecs> {
  readonly index: number;
  readonly path: string;
  readonly blake3: string;
  readonly width: number;
  readonly height: number;
  readonly views: Views<V>;
  readonly inputs: Readonly<Record<string, FrameRecord>>;
}

/** What `settle` sees of one frame: its catalog fields and upstream records; no pixels. */
export type SettleInput = Omit<FrameInput, 'views'>;

/** What a stream stage sees: the whole stream's catalog and its inputs' per-frame records and tables. */
export interface StreamInput {
  readonly stream: StreamInfo;
  /** Every catalogued frame in frame order, unreadable ones included (with `error` set). */
  readonly frames: readonly FrameRef[];
  /** Per input artifact type: records by frame index (frames without a record are absent). */
  readonly inputs: Readonly<Record<string, ReadonlyMap<number, FrameRecord>>>;
  /** Per input artifact type: the stream-level tables it produced. */
  readonly tables: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface StreamResult {
  /** Per-frame records, any order; the host stores them sorted by frame index. */
  readonly frames: Iterable<readonly [number, FrameRecord]>;
  /** Stream-level tables, e.g. `{idle_intervals: [[start, end, score], ...]}`. */
  readonly tables?: Readonly<Record<string, unknown>>;
}

/** One stream as a job stage sees it; records are read partition by partition, never all at once. */
export interface JobStreamInput {
  readonly stream: StreamInfo;
  readonly frames: readonly FrameRef[];
  /** Per-frame records of an input type, in frame order, loaded one partition at a time. */
  records(type: string): AsyncIterable<readonly [number, FrameRecord]>;
}

/** What a job stage sees: every stream of the job, in the order they were given. */
export interface JobInput {
  readonly streams: readonly JobStreamInput[];
}

export interface JobResult {
  /** Per stream id: per-frame records and stream tables, as a stream stage returns them. */
  readonly streams: Readonly<Record<string, StreamResult>>;
  /** Job-level tables, e.g. `{clusters: [...]}`. */
  readonly tables?: Readonly<Record<string, unknown>>;
}

export interface Resources {
  /**
   * The stage runs models: when the run has GPU workers (`gpuWorkers`, by default one per visible GPU) it runs
   * in those dedicated processes, which keep its sessions loaded and hand it frames in batches
   * (`measureBatch`); otherwise in the CPU worker threads, frame by frame. @default false
   */
  readonly gpu?: boolean;
}

/** A stage's output schema: its per-frame record and each of its tables' rows (see `StageBase.records`). */
export interface StageRecords {
  readonly frame?: TObject;
  readonly tables?: Readonly<Record<string, TObject>>;
}

interface StageBase<S extends TObject> {
  /** Unique across all plugins; lowercase, digits and dashes. Also the key of its results in exports. */
  readonly name: string;
  /** Semver. A change of definition (what a score means) is a new version, so a new cache key. */
  readonly version: string;
  readonly description?: string;
  /** TypeBox schema of the config. Defaults are applied; unknown fields are rejected. */
  readonly config: S;
  /** The artifact type this stage produces. @default the stage name */
  readonly output?: string;
  /**
   * The inputs a given config reads, a subset of `inputs` (which declares them all): e.g. a detector whose frame
   * selection is off needs no curation features, so they are not computed for it. @default `inputs`
   */
  inputsFor?(config: Static<S>): readonly string[];
  /** Include this stage's per-frame records in exports. @default true */
  readonly exported?: boolean;
  /** Leave out of the default pipeline (it runs only when named). @default false */
  readonly optIn?: boolean;
  readonly resources?: Resources;
  /**
   * Key material the config alone does not capture, computed once per run in the host: e.g. the sha256 of the
   * model file a config names. Everything returned becomes part of every cache key of the stage.
   */
  fingerprint?(config: Static<S>, ctx: FingerprintContext): Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;
  /**
   * What its output holds, with types, declared once: the fields of its per-frame records and the rows of its
   * tables, as TypeBox object schemas. Columnar exports type every column from it (integers Int64, other
   * numbers Float64, nested objects as structs, arrays as lists), so a column has one type in every file of a
   * job; a declared table gets its file even when empty; the conformance kit checks every record against it.
   * A table's rows may be arrays, holding the columns in the order of its schema's properties. A field or table
   * that is not declared is exported as JSON text.
   */
  readonly records?: StageRecords;
  /** What `winnow report` and the run's findings show of this stage (see `StageReport`). @default nothing */
  readonly report?: StageReport;
}

/**
 * A stage over contiguous batches of frames. The host decodes each frame once, hands every batch stage the
 * views it declared, and calls `measure` per frame. `inputs` may name `frames`, other batch stages' outputs, and
 * stream stages' outputs: a batch stage that reads a stream stage's decisions runs in a later pass over the
 * stream, once they are made, and sees the records of its own batch's frames.
 */
export interface BatchStage<S extends TObject = TObject, V extends ViewSpecs = ViewSpecs> extends StageBase<S> {
  readonly partition: 'batch';
  readonly inputs: readonly string[];
  readonly views: V;
  measure(frame: FrameInput<V>, ctx: StageContext<Static<S>>): FrameRecord | Promise<FrameRecord>;
  /**
   * Several consecutive frames at once, in frame order, one record per frame: how a GPU stage (`resources.gpu`)
   * batches frames into one inference in a GPU worker. A model may give slightly different numbers for a frame
   * in a batch than alone, so the host keys these results apart from `measure`'s. A throw that is not a
   * `fatalStageError` makes the host measure those frames one by one, so one bad frame stays that frame's error.
   */
  measureBatch?(frames: readonly FrameInput<V>[], ctx: StageContext<Static<S>>): Promise<readonly FrameRecord[]>;
  /**
   * Settles frames from their upstream records alone, before any pixel is read: called in the host once per
   * batch, with every readable frame of the batch in frame order; returns the records of the frames it decides
   * (e.g. a detector's "skipped: dark"). Those frames are not decoded for this stage and `measure` never sees
   * them; the others are measured as usual. A stage with `settle` runs in a pass after every producer of its
   * inputs, so every input record it reads is known; it is not called when the config reads nothing but
   * `frames`. It must depend only on the frames' records and the config.
   */
  settle?(frames: readonly SettleInput[], ctx: StageContext<Static<S>>): Iterable<readonly [number, FrameRecord]>;
  /**
   * What one frame's record counts towards the stage's totals in run summaries and `winnow inspect job`,
   * summed over every frame of the job: e.g. a detector's frames selected, skipped per reason, sent to the
   * cascade, left for review, run on each execution provider. Only numbers; keys are shown as they are.
   */
  counts?(record: FrameRecord): Readonly<Record<string, number>>;
}

/**
 * A stage over a whole stream at once: decisions that need neighbours across batch boundaries. The host runs it
 * in a worker thread (its inputs and output go through the artifact store), so a long decision holds up neither
 * other streams nor the host; an abort ends that thread.
 */
export interface StreamStage<S extends TObject = TObject> extends StageBase<S> {
  readonly partition: 'stream';
  readonly inputs: readonly string[];
  run(input: StreamInput, ctx: StageContext<Static<S>>): StreamResult | Promise<StreamResult>;
}

/** A stage over every stream of a job at once: decisions across streams (e.g. duplicates between cameras). */
export interface JobStage<S extends TObject = TObject> extends StageBase<S> {
  readonly partition: 'job';
  readonly inputs: readonly string[];
  run(input: JobInput, ctx: StageContext<Static<S>>): JobResult | Promise<JobResult>;
}

export type Stage = BatchStage<TObject, ViewSpecs> | StreamStage<TObject> | JobStage<TObject>;

/** Typed identity: gives a stage definition its types; the host validates it at load. */
export function defineStage<S extends TObject, V extends ViewSpecs>(stage: BatchStage<S, V>): BatchStage<S, V>;
export function defineStage<S extends TObject>(stage: StreamStage<S>): StreamStage<S>;
export function defineStage<S extends TObject>(stage: JobStage<S>): JobStage<S>;
export function defineStage(stage: Stage): Stage {
  return stage;
}

export type { FrameView };

/**
 * An error that means the stage cannot work at all (a model that does not load, a missing resource), not that
 * one frame is bad: thrown from `measure`, it fails the task (retried, then the batch is FAILED with this error)
 * instead of becoming a per-frame error record. Structural (`fatal: true`), so any copy of the SDK makes one.
 */
export function fatalStageError(code: string, message: string): Error & { readonly code: string; readonly fatal: true } {
  return Object.assign(new Error(message), { code, fatal: true as const });
}
