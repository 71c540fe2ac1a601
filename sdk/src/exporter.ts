import type { Static, TObject } from '@sinclair/typebox';
import type { FrameError, Logger, StageRecords, StreamInfo } from './stage';

/** One frame as exported: catalog fields, then one object per exported stage, keyed by the stage's name. */
export interface ExportRow {
  readonly stream: string;
  readonly frame_idx: number;
  readonly path: string;
  readonly blake3: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly error: FrameError | null;
  readonly [stage: string]: unknown;
}

export interface ExportStream extends StreamInfo {
  /** Absolute path of the stream folder (for exporters that copy or link images). */
  readonly dir: string;
  /** Stage names whose records the rows carry, in pipeline order. */
  readonly stages: readonly string[];
  /** Rows in frame order, produced lazily batch by batch. */
  rows(): AsyncIterable<ExportRow>;
  /** Stream-level tables per stage, e.g. `{idle: {idle_intervals: [...]}}`; every declared table is there (`[]` when the stage wrote none). */
  readonly tables: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface ExportSource {
  readonly jobId: string;
  readonly streams: readonly ExportStream[];
  /** Job-level tables per stage (job stages), e.g. `{'dedup-across': {clusters: [...]}}`, declared ones always. */
  readonly tables: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Per stage, the schema of its records and tables (its `records`), as stored with the job. */
  readonly records: Readonly<Record<string, StageRecords>>;
  readonly stages: readonly { readonly name: string; readonly version: string; readonly partition: 'batch' | 'stream' | 'job' }[];
}

export interface ExporterContext<O> {
  readonly options: O;
  /**
   * The folder to write into; it exists, is empty and is this export's own (the host moves its files into the
   * user's folder once the export succeeded, and removes it if the export fails).
   */
  readonly outDir: string;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}

export interface ExportResult {
  /** Paths written, relative to `outDir`. */
  readonly files: readonly string[];
  /** Rows (or records) of the files that have them, by path relative to `outDir`: the export's manifest lists them. Since API 1.3.0. */
  readonly rows?: Readonly<Record<string, number>>;
}

export interface Exporter<S extends TObject = TObject> {
  /** The `--format` value that selects it. */
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly options: S;
  export(source: ExportSource, ctx: ExporterContext<Static<S>>): Promise<ExportResult>;
}

/** Typed identity for exporters, like `defineStage`. */
export function defineExporter<S extends TObject>(exporter: Exporter<S>): Exporter<S> {
  return exporter;
}
