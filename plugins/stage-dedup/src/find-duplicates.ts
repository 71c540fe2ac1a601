import type { BlockGrid } from '@winnow/fingerprint';
import { contentDistance } from '@winnow/fingerprint';
import { HammingIndex, type HammingMatch } from './hamming-index';
import { hamming, parseHash64 } from './hamming';

/** What the decision needs of one catalogued frame. */
export interface DedupFrame {
  readonly index: number;
  /** Content hash of the file bytes. */
  readonly hash: string;
  /** pHash (16 hex digits); absent for an unreadable frame. */
  readonly phash?: string;
  /** The frame's block grid, decoded on demand (only candidates are decoded). Absent for an unreadable frame. */
  readonly grid?: () => BlockGrid;
}

export interface DedupOptions {
  readonly hammingRadius: number;
  readonly confirmZ: number;
  readonly noiseFloor: number;
  readonly maxCandidates: number;
  readonly bucketLimit: number;
}

export interface DedupDecision {
  /** Earliest earlier frame with the same bytes. */
  readonly exact_of: number | null;
  /** Earlier frame with the same content: the group's first frame when it matches too, else the best match. */
  readonly near_of: number | null;
  /** Frame index of the group's first frame (the representative), as a decimal string. */
  readonly group: string;
  /** pHash Hamming distance to `near_of` (0 for an exact duplicate). */
  readonly distance: number | null;
  /** Content distance z to `near_of` in noise scales (0 for an exact duplicate). */
  readonly z: number | null;
  /** 1 - z / confirmZ, clamped to [0, 1]: how far inside the threshold the match is. */
  readonly confidence: number | null;
  /** Number of candidates whose content was compared. */
  readonly candidates: number;
}

/** Decodes each grid once while it is likely to be needed again (candidates are mostly recent frames). */
class GridCache {
  readonly #map = new Map<number, BlockGrid>();
  constructor(private readonly capacity: number) {}
  get(frame: DedupFrame): BlockGrid {
    let g = this.#map.get(frame.index);
    if (g) {
      this.#map.delete(frame.index);
      this.#map.set(frame.index, g);
      return g;
    }
    g = (frame.grid as () => BlockGrid)();
    this.#map.set(frame.index, g);
    if (this.#map.size > this.capacity) this.#map.delete(this.#map.keys().next().value as number);
    return g;
  }
}

/**
 * Exact duplicates by content hash; near-duplicates by pHash candidates from a multi-index Hamming index
 * (plus the previous readable frame), confirmed by the content distance of the block grids.
 * Frames must be given in frame order; each is compared only with earlier ones.
 */
export function findDuplicates(frames: readonly DedupFrame[], options: DedupOptions): Map<number, DedupDecision> {
  const out = new Map<number, DedupDecision>();
  const firstByHash = new Map<string, number>();
  const groupOf = new Map<number, number>();
  const byIndex = new Map<number, DedupFrame>();
  const index = new HammingIndex({ chunks: 4 });
  const cache = new GridCache(4 * options.maxCandidates + 16);
  const scratch = new Float64Array(64 * 64);
  let previous: DedupFrame | null = null;

  for (const frame of frames) {
    byIndex.set(frame.index, frame);
    const first = firstByHash.get(frame.hash);
    if (first !== undefined) {
      const group = groupOf.get(first) ?? first;
      groupOf.set(frame.index, group);
      out.set(frame.index, { exact_of: first, near_of: first, group: String(group), distance: 0, z: 0, confidence: 1, candidates: 0 });
      if (frame.grid) previous = frame;
      continue;
    }
    firstByHash.set(frame.hash, frame.index);
    if (!frame.grid || frame.phash === undefined) {
      groupOf.set(frame.index, frame.index);
      out.set(frame.index, single(frame.index, 0));
      continue;
    }
    const h = parseHash64(frame.phash);
    const candidates = new Map<number, number>();
    if (previous?.phash !== undefined) {
      const p = parseHash64(previous.phash);
      candidates.set(previous.index, hamming(h.hi, h.lo, p.hi, p.lo));
    }
    // At most maxCandidates + 1 matches are taken (one more than room, for the previous frame among them).
    for (const m of firstInOrder(index.query(h.hi, h.lo, options.hammingRadius, options.bucketLimit), options.maxCandidates + 1)) {
      if (candidates.size > options.maxCandidates) break;
      if (!candidates.has(m.id)) candidates.set(m.id, m.distance);
    }
    const grid = cache.get(frame);
    // Candidates in order: the previous readable frame, then nearest hash first and most recent first; the first
    // confirmed one is the match (confirmation is strict, so a later and closer match would be the same content).
    let best: { index: number; z: number; distance: number } | null = null;
    const zOf = new Map<number, number>();
    for (const [cand, distance] of candidates) {
      const other = byIndex.get(cand) as DedupFrame;
      const z = contentDistance(cache.get(other), grid, options.noiseFloor, scratch).z;
      zOf.set(cand, z);
      if (z <= options.confirmZ) {
        best = { index: cand, z, distance };
        break;
      }
    }
    let checked = zOf.size;
    if (!best) {
      groupOf.set(frame.index, frame.index);
      out.set(frame.index, single(frame.index, checked));
    } else {
      const group = groupOf.get(best.index) ?? best.index;
      let target = best;
      if (group !== best.index) {
        // Prefer the group's first frame, but only when this frame matches it too (no chaining of small drifts).
        let z = zOf.get(group);
        if (z === undefined) {
          const rep = byIndex.get(group) as DedupFrame;
          z = contentDistance(cache.get(rep), grid, options.noiseFloor, scratch).z;
          checked++;
        }
        if (z <= options.confirmZ) {
          const rh = parseHash64((byIndex.get(group) as DedupFrame).phash as string);
          target = { index: group, z, distance: hamming(h.hi, h.lo, rh.hi, rh.lo) };
        }
      }
      groupOf.set(frame.index, group);
      out.set(frame.index, {
        exact_of: null,
        near_of: target.index,
        group: String(group),
        distance: target.distance,
        z: round3(target.z),
        confidence: round3(Math.min(1, Math.max(0, 1 - target.z / options.confirmZ))),
        candidates: checked,
      });
    }
    index.add(frame.index, h.hi, h.lo);
    previous = frame;
  }
  return out;
}

/**
 * The first `k` matches by nearest hash, then most recent: what sorting them all and taking `k` gives, without
 * sorting the hundreds a fixed camera's query returns.
 */
export function firstInOrder(matches: readonly HammingMatch[], k: number): HammingMatch[] {
  const before = (a: HammingMatch, b: HammingMatch) => a.distance < b.distance || (a.distance === b.distance && a.id > b.id);
  const best: HammingMatch[] = [];
  for (const m of matches) {
    if (best.length === k && !before(m, best[k - 1])) continue;
    let i = best.length < k ? best.length : k - 1;
    while (i > 0 && before(m, best[i - 1])) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = m;
  }
  return best;
}

function single(index: number, candidates: number): DedupDecision {
  return { exact_of: null, near_of: null, group: String(index), distance: null, z: null, confidence: null, candidates };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
