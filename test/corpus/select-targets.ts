import { promises as fs } from 'node:fs';
import * as path from 'node:path';

interface TruthFrame {
  readonly idx: number;
  readonly present: boolean;
  readonly corrupt: string | null;
  readonly blurry: boolean;
  readonly dark: boolean;
  readonly duplicate_of: number | null;
  readonly near_duplicate_of: number | null;
}

export interface SelectTargets {
  readonly stream: string;
  readonly frames: number;
  readonly kept: number;
  /** Kept frames the truth labels blurry, dark or corrupt. */
  readonly keptBad: number;
  /** Near-duplicate groups (truth: duplicate and near-duplicate pointers joined) with more than one kept frame. */
  readonly groupsOverKept: number;
  readonly groups: number;
  /** Idle intervals with more than one kept frame. */
  readonly intervalsOverKept: number;
  readonly intervals: number;
  /** Stretches between idle intervals (with a usable frame) that keep no frame. */
  readonly stretchesEmpty: number;
  readonly stretches: number;
}

/** Scores one stream's `select` records against the corpus truth: what the targets ask. */
export async function selectTargets(truthFile: string, exportFile: string): Promise<SelectTargets> {
  const truth = JSON.parse(await fs.readFile(truthFile, 'utf8')) as { frames: TruthFrame[]; idle_intervals: [number, number][] };
  const rows = (await fs.readFile(exportFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { frame_idx: number; select?: { keep: boolean } });
  const kept = new Set(rows.filter((r) => r.select?.keep).map((r) => r.frame_idx));
  const byIdx = new Map(truth.frames.map((f) => [f.idx, f]));
  const keptBad = [...kept].filter((i) => {
    const t = byIdx.get(i);
    return !t || t.corrupt !== null || t.blurry || t.dark;
  }).length;
  // groups: union of duplicate / near-duplicate pointers
  const parent = new Map<number, number>();
  const find = (i: number): number => {
    while ((parent.get(i) ?? i) !== i) i = parent.get(i) as number;
    return i;
  };
  for (const f of truth.frames) {
    for (const of of [f.duplicate_of, f.near_duplicate_of]) if (of !== null) parent.set(find(f.idx), find(of));
  }
  const members = new Map<number, number[]>();
  for (const f of truth.frames) if (f.duplicate_of !== null || f.near_duplicate_of !== null || truth.frames.some((g) => g.duplicate_of === f.idx || g.near_duplicate_of === f.idx)) members.set(find(f.idx), [...(members.get(find(f.idx)) ?? []), f.idx]);
  const groups = [...members.values()];
  const keptIn = (idxs: readonly number[]) => idxs.filter((i) => kept.has(i)).length;
  const intervals = truth.idle_intervals.map(([s, e]) => truth.frames.filter((f) => f.idx >= s && f.idx <= e).map((f) => f.idx));
  const bounds = [...truth.idle_intervals].sort((a, b) => a[0] - b[0]);
  const stretches: number[][] = [];
  let from = 0;
  for (const [s, e] of [...bounds, [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as [number, number]]) {
    const usable = truth.frames.filter((f) => f.idx >= from && f.idx < s && f.present && f.corrupt === null && !f.blurry && !f.dark).map((f) => f.idx);
    if (usable.length) stretches.push(usable);
    from = e + 1;
  }
  return {
    stream: path.basename(path.dirname(truthFile)),
    frames: rows.length,
    kept: kept.size,
    keptBad,
    groupsOverKept: groups.filter((g) => keptIn(g) > 1).length,
    groups: groups.length,
    intervalsOverKept: intervals.filter((iv) => keptIn(iv) > 1).length,
    intervals: intervals.length,
    stretchesEmpty: stretches.filter((s) => keptIn(s) === 0).length,
    stretches: stretches.length,
  };
}
