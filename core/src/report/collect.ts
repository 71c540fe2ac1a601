import type { ExportRow, ExportStream } from '@winnow/sdk';
import { MAX_FILTER_FINDINGS, type LaidFinding, type ReportLayout } from './report-layout';

/** Counts by key: `frames`, `readable`, `unreadable`, `kept`, and every key the stages declare. */
export type ReportCounts = Record<string, number>;

export interface UnreadableFrame {
  readonly frame: number;
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export type Interval = readonly [start: number, end: number, score: number];

/** Frames that share a value of a declared group field, across the streams a report covers. */
export interface GroupStats {
  readonly value: string;
  size: number;
  readonly streams: Set<number>;
  /** The first members in frame order: [stream number, position]. */
  readonly members: [number, number][];
}

/** One group definition's groups, by the id the frames carry. */
export class GroupIndex {
  readonly groups: GroupStats[] = [];
  readonly #ids = new Map<string, number>();
  constructor(
    readonly across: boolean,
    readonly maxMembers: number,
  ) {}

  add(value: string, stream: number, pos: number): number {
    const key = this.across ? value : `${stream}\u0000${value}`;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.groups.length;
      this.#ids.set(key, id);
      this.groups.push({ value, size: 0, streams: new Set(), members: [] });
    }
    const g = this.groups[id];
    g.size++;
    g.streams.add(stream);
    if (g.members.length < this.maxMembers) g.members.push([stream, pos]);
    return id;
  }

  /** Groups worth showing (more than one frame; across streams: more than one stream), largest first. */
  shown(): number[] {
    const ids: number[] = [];
    for (let i = 0; i < this.groups.length; i++) if (this.across ? this.groups[i].streams.size > 1 : this.groups[i].size > 1) ids.push(i);
    return ids.sort((a, b) => this.groups[b].size - this.groups[a].size || a - b);
  }
}

/** What the report needs of one stream, gathered in one pass over its rows: compact arrays, no images. */
export interface StreamData {
  readonly n: number;
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  readonly idx: number[];
  readonly paths: string[];
  /** Thumbnail name per frame (a prefix of its BLAKE3), '' for an unreadable frame. */
  readonly thumbs: string[];
  /** Finding bits per frame (bit i = layout.findings[i]). */
  readonly bits: number[];
  /** 1 kept, 0 dropped, -1 unknown; empty without a declared keep field. */
  readonly keep: number[];
  /** Per facet: the value id of each frame (-1 none). */
  readonly facets: number[][];
  /** Per finding with a score: the score of each frame (NaN where missing). */
  readonly scores: Map<string, number[]>;
  /** Per group definition: the group id of each frame (-1 none). */
  readonly groups: number[][];
  /** Per chart, per series: the plotted value of each frame. */
  readonly series: number[][][];
  readonly intervals: Interval[][];
  readonly unreadable: UnreadableFrame[];
  /** Unreadable frames by error code, e.g. `{FRAME_EMPTY: 1}`. */
  readonly unreadableByCode: Record<string, number>;
  readonly counts: ReportCounts;
}

/** State shared by the streams of one report: facet values and groups are numbered across streams. */
export interface Shared {
  readonly layout: ReportLayout;
  readonly facetValues: Map<string, number>[];
  readonly groups: GroupIndex[];
}

const MAX_UNREADABLE = 200;

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

const set = (v: unknown) => v !== undefined && v !== null && v !== false;

function marks(f: LaidFinding, row: ExportRow): boolean {
  if (f.stage === null) return row.error !== null;
  const rec = obj(row[f.stage]);
  return !!rec && set(rec[f.field]) && !(f.unless !== undefined && set(rec[f.unless]));
}

/**
 * Reads a stream's rows once (memory: a few numbers a frame plus capped lists); `onRow` sees every row, in
 * frame order, for what is written out as it goes.
 */
export async function collectStream(stream: ExportStream, number: number, shared: Shared, onRow: (row: ExportRow) => void | Promise<void>, signal?: AbortSignal): Promise<StreamData> {
  const { layout } = shared;
  const d: StreamData = {
    n: number,
    id: stream.id,
    name: stream.name,
    dir: stream.dir,
    idx: [],
    paths: [],
    thumbs: [],
    bits: [],
    keep: [],
    facets: layout.facets.map(() => []),
    scores: new Map(layout.findings.filter((f) => f.score).map((f) => [f.key, []])),
    groups: layout.groups.map(() => []),
    series: layout.charts.map((c) => c.chart.series.map(() => [])),
    intervals: layout.intervals.map((iv) => intervalsOf(stream.tables[iv.stage]?.[iv.table])),
    unreadable: [],
    unreadableByCode: {},
    counts: { frames: 0, readable: 0 },
  };
  const c = d.counts;
  for (const f of layout.findings) c[f.key] = 0;
  if (layout.keep) c.kept = 0;
  const seen = layout.facets.map(() => new Set<number>());
  for await (const row of stream.rows() as AsyncIterable<ExportRow>) {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    const pos = d.idx.length;
    d.idx.push(row.frame_idx);
    d.paths.push(row.path);
    d.thumbs.push(row.error ? '' : row.blake3.slice(0, 16));
    c.frames++;
    if (row.error) {
      d.unreadableByCode[row.error.code] = (d.unreadableByCode[row.error.code] ?? 0) + 1;
      if (d.unreadable.length < MAX_UNREADABLE) d.unreadable.push({ frame: row.frame_idx, path: row.path, code: row.error.code, message: row.error.message });
    } else c.readable++;
    let bits = 0;
    layout.findings.forEach((f, i) => {
      if (!marks(f, row)) return;
      c[f.key]++;
      if (i < MAX_FILTER_FINDINGS) bits |= 1 << i;
    });
    d.bits.push(bits);
    for (const f of layout.findings) if (f.score) (d.scores.get(f.key) as number[]).push(num(obj(row[f.stage as string])?.[f.score]));
    if (layout.keep) {
      const k = obj(row[layout.keep.stage])?.[layout.keep.field];
      d.keep.push(k === true ? 1 : k === false ? 0 : -1);
      if (k === true) c.kept++;
    }
    layout.facets.forEach((f, i) => {
      const v = obj(row[f.stage])?.[f.field];
      let id = -1;
      if (v !== undefined && v !== null) {
        const values = shared.facetValues[i];
        const key = String(v);
        id = values.get(key) ?? values.size;
        if (id === values.size) values.set(key, id);
        seen[i].add(id);
      }
      d.facets[i].push(id);
    });
    layout.groups.forEach((g, i) => {
      const v = obj(row[g.stage])?.[g.field];
      d.groups[i].push(typeof v === 'string' || typeof v === 'number' ? shared.groups[i].add(String(v), number, pos) : -1);
    });
    layout.charts.forEach(({ stage, chart, settings }, i) => {
      const rec = obj(row[stage]);
      chart.series.forEach((s, j) => d.series[i][j].push(num(rec?.[s.field]) * (s.times !== undefined ? (settings[s.times] ?? Number.NaN) : 1)));
    });
    await onRow(row);
  }
  layout.facets.forEach((f, i) => {
    if (f.count) c[f.count] = seen[i].size;
  });
  layout.intervals.forEach((iv, i) => (c[iv.key] = d.intervals[i].length));
  return d;
}

function intervalsOf(raw: unknown): Interval[] {
  if (!Array.isArray(raw)) return [];
  const out: Interval[] = [];
  for (const r of raw) {
    if (Array.isArray(r) && typeof r[0] === 'number' && typeof r[1] === 'number') out.push([r[0], r[1], typeof r[2] === 'number' ? r[2] : Number.NaN]);
    else if (obj(r) && typeof (r as { start?: unknown }).start === 'number') {
      const o = r as Record<string, number>;
      out.push([o.start, o.end, typeof o.score === 'number' ? o.score : Number.NaN]);
    }
  }
  return out;
}
