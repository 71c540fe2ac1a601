import { distance } from './vectors';

/** One frame the budget may keep: its position, scene and feature vector. */
export interface Candidate {
  readonly pos: number;
  readonly scene: number;
  readonly vector: Float32Array;
}

export interface Picked {
  readonly pos: number;
  readonly reason: 'scene-cover' | 'diverse';
}

function centroid(vs: readonly Float32Array[]): Float32Array {
  const c = new Float32Array(vs[0].length);
  for (const v of vs) for (let i = 0; i < c.length; i++) c[i] += v[i] / vs.length;
  return c;
}

/** Greedy max-min selection: each pick is the item farthest from every earlier pick (the earliest among equals). */
function farthestFirst(vectors: readonly Float32Array[], seeds: readonly number[], count: number): number[] {
  const min = new Float64Array(vectors.length).fill(Number.POSITIVE_INFINITY);
  const taken = new Uint8Array(vectors.length);
  const out: number[] = [];
  const take = (i: number) => {
    taken[i] = 1;
    for (let j = 0; j < vectors.length; j++) if (!taken[j]) min[j] = Math.min(min[j], distance(vectors[i], vectors[j]));
  };
  for (const s of seeds) take(s);
  while (out.length < count) {
    let best = -1;
    for (let j = 0; j < vectors.length; j++) if (!taken[j] && (best < 0 || min[j] > min[best])) best = j;
    if (best < 0) break;
    out.push(best);
    take(best);
  }
  return out;
}

/**
 * At most `k` candidates (given in frame order): first one per scene (the one nearest its scene's centroid; when
 * `k` is smaller than the number of scenes, the scenes are chosen farthest-first from the largest one), then
 * farthest-point selection over all candidates, seeded with those. Deterministic: ties go to the earliest frame.
 */
export function pickDiverse(candidates: readonly Candidate[], k: number): Picked[] {
  if (k <= 0 || candidates.length === 0) return [];
  const byScene = new Map<number, number[]>();
  candidates.forEach((c, i) => byScene.set(c.scene, [...(byScene.get(c.scene) ?? []), i]));
  const scenes = [...byScene.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const centroids = scenes.map(([, members]) => centroid(members.map((i) => candidates[i].vector)));
  const chosen = scenes.length <= k ? scenes.map((_, i) => i) : [0, ...farthestFirst(centroids, [0], k - 1)];
  const cover = chosen.map((s) => {
    const members = scenes[s][1];
    let best = members[0];
    for (const i of members) if (distance(candidates[i].vector, centroids[s]) < distance(candidates[best].vector, centroids[s])) best = i;
    return best;
  });
  const diverse = farthestFirst(
    candidates.map((c) => c.vector),
    cover,
    k - cover.length,
  );
  return [...cover.map((i) => ({ pos: candidates[i].pos, reason: 'scene-cover' as const })), ...diverse.map((i) => ({ pos: candidates[i].pos, reason: 'diverse' as const }))];
}
