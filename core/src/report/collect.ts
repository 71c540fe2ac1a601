import type { ExportRow, ExportStream } from '@winnow/sdk';

/** Per-frame flag bits kept for every frame of a stream (one byte a frame). */
export const Flag = {
  Blurry: 1,
  Dark: 2,
  Overexposed: 4,
  Idle: 8,
  Exact: 16,
  Near: 32,
  Unreadable: 64,
} as const;

export interface ReportCounts {
  frames: number;
  readable: number;
  unreadable: number;
  /** Unreadable frames by error code, e.g. `{FRAME_EMPTY: 1}`. */
  unreadableByCode: Record<string, number>;
  blurry: number;
  dark: number;
  overexposed: number;
  /** Frames whose bytes repeat an earlier frame (`dedup.exact_of`). */
  duplicates: number;
  /** Frames that repeat an earlier frame's content but not its bytes (`dedup.near_of` without `exact_of`). */
  nearDuplicates: number;
  /** Duplicate groups with more than one frame. */
  duplicateClusters: number;
  idleFrames: number;
  idleIntervals: number;
}

export function emptyCounts(): ReportCounts {
  return { frames: 0, readable: 0, unreadable: 0, unreadableByCode: {}, blurry: 0, dark: 0, overexposed: 0, duplicates: 0, nearDuplicates: 0, duplicateClusters: 0, idleFrames: 0, idleIntervals: 0 };
}

export function addCounts(into: ReportCounts, c: ReportCounts): void {
  for (const k of Object.keys(c) as (keyof ReportCounts)[]) {
    if (k === 'unreadableByCode') for (const [code, n] of Object.entries(c.unreadableByCode)) into.unreadableByCode[code] = (into.unreadableByCode[code] ?? 0) + n;
    else into[k] += c[k];
  }
}

export interface UnreadableFrame {
  readonly frame: number;
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface ClusterMember {
  /** Position of the frame in the stream's arrays. */
  readonly pos: number;
  readonly exactOf: number | null;
  readonly nearOf: number | null;
  readonly distance: number | null;
  readonly confidence: number | null;
}

export interface DuplicateCluster {
  readonly group: string;
  /** Position of the representative frame (the group's first frame), or -1 when it is not in the rows. */
  readonly repPos: number;
  size: number;
  /** The first members in frame order (capped), the representative excluded. */
  readonly members: ClusterMember[];
}

export type IdleInterval = readonly [start: number, end: number, score: number];

/** A duplicate cluster that spans streams (job table `dedup-across.clusters`), with one frame per stream found. */
export interface CrossCluster {
  readonly cluster: string;
  readonly streams: number;
  readonly frames: number;
  /** Per stream id: the position of its first frame in the cluster (its group representative). */
  readonly first: Map<string, number>;
}

/** What the report needs of one stream, gathered in one pass over its rows: compact arrays, no images. */
export interface StreamData {
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  readonly stages: readonly string[];
  /** Per frame (in row order): frame index, path, flag bits, and the plotted values (NaN where missing). */
  readonly idx: number[];
  readonly paths: string[];
  readonly flags: number[];
  readonly sharpness: number[];
  readonly level: number[];
  readonly reference: number[];
  readonly motion: number[];
  /** Extra numbers for thumbnail captions. */
  readonly blurRatio: number[];
  readonly darkRatio: number[];
  readonly unreadable: UnreadableFrame[];
  readonly clusters: DuplicateCluster[];
  readonly intervals: readonly IdleInterval[];
  readonly counts: ReportCounts;
  readonly has: { blur: boolean; darkness: boolean; dedup: boolean; idle: boolean };
}

const MAX_UNREADABLE = 200;

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

function intOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Reads a stream's rows once; memory is a few numbers a frame plus capped lists. */
export async function collectStream(stream: ExportStream, maxClusterMembers: number, cross: ReadonlyMap<string, CrossCluster>, signal?: AbortSignal): Promise<StreamData> {
  const d: StreamData = {
    id: stream.id,
    name: stream.name,
    dir: stream.dir,
    stages: stream.stages,
    idx: [],
    paths: [],
    flags: [],
    sharpness: [],
    level: [],
    reference: [],
    motion: [],
    blurRatio: [],
    darkRatio: [],
    unreadable: [],
    clusters: [],
    intervals: idleIntervalsOf(stream.tables),
    counts: emptyCounts(),
    has: { blur: stream.stages.includes('blur'), darkness: stream.stages.includes('darkness'), dedup: stream.stages.includes('dedup'), idle: stream.stages.includes('idle') },
  };
  const c = d.counts;
  const groups = new Map<string, DuplicateCluster>();
  const posOf = new Map<number, number>();
  for await (const row of stream.rows() as AsyncIterable<ExportRow>) {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    const pos = d.idx.length;
    d.idx.push(row.frame_idx);
    d.paths.push(row.path);
    posOf.set(row.frame_idx, pos);
    c.frames++;
    let f = 0;
    if (row.error) {
      f |= Flag.Unreadable;
      c.unreadable++;
      c.unreadableByCode[row.error.code] = (c.unreadableByCode[row.error.code] ?? 0) + 1;
      if (d.unreadable.length < MAX_UNREADABLE) d.unreadable.push({ frame: row.frame_idx, path: row.path, code: row.error.code, message: row.error.message });
    } else c.readable++;
    const blur = obj(row.blur);
    const dark = obj(row.darkness);
    const dedup = obj(row.dedup);
    const idle = obj(row.idle);
    d.sharpness.push(num(blur?.ratio));
    d.blurRatio.push(num(blur?.ratio));
    d.level.push(num(dark?.level ?? dark?.mean));
    d.reference.push(num(dark?.reference));
    d.darkRatio.push(num(dark?.ratio));
    const m = num(idle?.motion_smoothed);
    d.motion.push(Number.isNaN(m) ? num(idle?.motion) : m);
    if (blur?.flag === true) (f |= Flag.Blurry), c.blurry++;
    if (dark?.flag === true) (f |= Flag.Dark), c.dark++;
    if (dark?.overexposed === true) (f |= Flag.Overexposed), c.overexposed++;
    if (idle?.flag === true) (f |= Flag.Idle), c.idleFrames++;
    if (dedup) {
      const exactOf = intOrNull(dedup.exact_of);
      const nearOf = intOrNull(dedup.near_of);
      if (exactOf !== null) (f |= Flag.Exact), c.duplicates++;
      else if (nearOf !== null) (f |= Flag.Near), c.nearDuplicates++;
      if (exactOf !== null || nearOf !== null) {
        const group = typeof dedup.group === 'string' || typeof dedup.group === 'number' ? String(dedup.group) : String(exactOf ?? nearOf);
        let cluster = groups.get(group);
        if (!cluster) {
          const rep = Number(group);
          cluster = { group, repPos: Number.isInteger(rep) ? (posOf.get(rep) ?? -1) : -1, size: 1, members: [] };
          groups.set(group, cluster);
        }
        cluster.size++;
        if (cluster.members.length < maxClusterMembers) cluster.members.push({ pos, exactOf, nearOf, distance: intOrNull(dedup.distance), confidence: intOrNull(dedup.confidence) });
      }
    }
    const across = obj(row['dedup-across']);
    if (across && cross.size) {
      const cc = cross.get(String(across.cluster));
      if (cc && !cc.first.has(stream.id)) cc.first.set(stream.id, pos);
    }
    d.flags.push(f);
  }
  d.clusters.push(...groups.values());
  c.duplicateClusters = d.clusters.length;
  c.idleIntervals = d.intervals.length;
  return d;
}

function idleIntervalsOf(tables: ExportStream['tables']): IdleInterval[] {
  const raw = tables.idle?.idle_intervals;
  if (!Array.isArray(raw)) return [];
  const out: IdleInterval[] = [];
  for (const r of raw) {
    if (Array.isArray(r) && typeof r[0] === 'number' && typeof r[1] === 'number') out.push([r[0], r[1], typeof r[2] === 'number' ? r[2] : Number.NaN]);
    else if (obj(r) && typeof (r as Record<string, unknown>).start === 'number') {
      const o = r as Record<string, number>;
      out.push([o.start, o.end, typeof o.score === 'number' ? o.score : (o.idle_score ?? Number.NaN)]);
    }
  }
  return out;
}
