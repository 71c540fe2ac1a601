/**
 * What `winnow report` (and the findings `winnow run` prints) shows of a stage, declared in the stage's definition
 * as plain data: the host knows no stage by name and renders only what is declared here. Field names are keys of
 * the stage's per-frame record (as exported); config names are keys of the stage's config, read with defaults
 * applied when the job runs.
 */
export interface StageReport {
  /** Per-frame findings: counted, listed as gallery filters, marked on charts. */
  readonly findings?: readonly ReportFinding[];
  /** Timelines of per-frame values. */
  readonly charts?: readonly ReportChart[];
  /** A stream table of frame intervals, drawn on the stage's charts and listed in full. */
  readonly intervals?: ReportIntervals;
  /** Frames that share a value of a field (duplicate clusters): listed in full, side by side. */
  readonly groups?: ReportGroups;
  /** Objects to draw on a frame (boxes in original pixels). */
  readonly objects?: ReportObjects;
  /** Categorical fields the gallery filters by (e.g. a scene number, a reason). */
  readonly facets?: readonly ReportFacet[];
  /** Boolean field that says a frame is kept (the gallery's kept/dropped filter, the findings' `kept`). */
  readonly keep?: string;
}

export interface ReportFinding {
  /** Key in counts, filters and `--json`, e.g. `blurry`; unique across the stages of a pipeline. */
  readonly key: string;
  /** Shown on cards and filters, e.g. `Blurry`. */
  readonly label: string;
  /** The record field that marks a frame: `true`, or any value that is not null/false (e.g. a frame index it repeats). */
  readonly field: string;
  /** Not this finding when this field is set too (e.g. a near-duplicate that is an exact duplicate). */
  readonly unless?: string;
  /** A numeric field that captions and sorts the frames of this finding. */
  readonly score?: string;
}

export interface ReportSeries {
  readonly field: string;
  readonly label: string;
  /** @default 'band' */
  readonly style?: 'line' | 'band' | 'dashed';
  /** Plot the field times this config value (e.g. a reference level times the threshold ratio). */
  readonly times?: string;
}

export interface ReportChart {
  readonly title: string;
  /** A short note beside the title (units, what the values are relative to). */
  readonly note?: string;
  readonly series: readonly ReportSeries[];
  /** A horizontal threshold line at this config value, with its label (the value is appended). */
  readonly threshold?: { readonly config: string; readonly label: string };
  /** @default 'linear' */
  readonly scale?: 'linear' | 'log';
  /** Fixed y range; without it the range follows the data. */
  readonly min?: number;
  readonly max?: number;
  /** Finding keys (of this stage) whose frames are marked on the chart. */
  readonly markers?: readonly { readonly finding: string; readonly at: string; readonly low?: boolean }[];
}

export interface ReportIntervals {
  /** The stream table holding `[start, end, score]` rows (inclusive frame indices). */
  readonly table: string;
  /** Key of the interval count, e.g. `idleIntervals`. */
  readonly key: string;
  readonly label: string;
}

export interface ReportGroups {
  /** The field whose value names a frame's group. */
  readonly field: string;
  /** Key of the group count, e.g. `duplicateClusters`. */
  readonly key: string;
  readonly label: string;
  /** A group is shown when it spans more than one stream (a job stage's cross-stream clusters); else when it has more than one frame. */
  readonly across?: boolean;
}

export interface ReportObjects {
  /** The field holding an array of objects. */
  readonly field: string;
  /** Each object's `[x1, y1, x2, y2]` in original pixels. */
  readonly box: string;
  /** Each object's label and score fields. */
  readonly label?: string;
  readonly score?: string;
}

export interface ReportFacet {
  readonly field: string;
  readonly label: string;
  /** Key under which the number of distinct values is counted (e.g. `scenes`); not counted without it. */
  readonly count?: string;
}
