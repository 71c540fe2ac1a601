import type { FrameFacts } from './frame-facts';

/** A set of frames of which at most one is kept: a near-duplicate group, an idle interval, or both joined. */
export interface Unit {
  /** Member positions (in the facts array), in frame order. */
  readonly members: readonly number[];
  /** The kept member: the sharpest usable one (the earliest among equals), or null when none is usable. */
  readonly representative: number | null;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/**
 * Joins every frame with its duplicate group's first frame and with the other frames of its idle interval
 * (union-find), so a frame in both is in one unit; each unit keeps its sharpest usable frame.
 */
export function unitsOf(facts: readonly FrameFacts[]): Unit[] {
  const parent = Int32Array.from(facts, (_, i) => i);
  const pos = new Map(facts.map((f, i) => [f.index, i]));
  const union = (a: number, b: number) => {
    const ra = find(parent, a);
    const rb = find(parent, b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const idleFirst = new Map<number, number>();
  facts.forEach((f, i) => {
    const g = pos.get(f.group);
    if (g !== undefined) union(i, g);
    if (f.idleStart !== null) {
      const first = idleFirst.get(f.idleStart);
      if (first === undefined) idleFirst.set(f.idleStart, i);
      else union(i, first);
    }
  });
  const members = new Map<number, number[]>();
  facts.forEach((_, i) => {
    const r = find(parent, i);
    const list = members.get(r) ?? [];
    list.push(i);
    members.set(r, list);
  });
  return [...members.values()].map((m) => {
    let best: number | null = null;
    for (const i of m) if (facts[i].unusable === null && (best === null || facts[i].sharpness > facts[best].sharpness)) best = i;
    return { members: m, representative: best };
  });
}
