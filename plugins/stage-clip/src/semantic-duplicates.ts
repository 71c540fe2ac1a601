import { cosine } from '@winnow/fingerprint';

/** What the decision needs of one frame, in frame order. */
export interface SemanticFrame {
  readonly index: number;
  /** The frame's earlier duplicate according to `dedup` (`near_of`, else `exact_of`); null when dedup did not confirm one. */
  readonly dedupOf: number | null;
}

/** The second opinion on one frame. */
export interface SemanticDecision {
  /**
   * The earlier frame this one repeats semantically: for a pair `dedup` confirmed, `dedup_of` itself when the
   * CLIP similarity agrees (else null); otherwise the most similar earlier group representative at or above the
   * threshold, or null.
   */
  readonly semantic_of: number | null;
  /** Cosine similarity to `dedup_of` (a confirmed pair) or to the most similar earlier representative; null when there was nothing to compare. */
  readonly similarity: number | null;
  /** Whether CLIP says the same as `dedup` (duplicate of `dedup_of`, or new content); null when the pair could not be compared. */
  readonly agrees_with_dedup: boolean | null;
  /** What `dedup` said, copied for reading the record alone. */
  readonly dedup_of: number | null;
}

export interface SemanticOptions {
  /** Cosine similarity at or above which two frames are semantic near-duplicates. */
  readonly threshold: number;
  /** Nearest representatives fetched per query. */
  readonly candidates: number;
}

/** An approximate nearest-neighbour index over unit vectors by cosine, keyed by frame index. */
export interface VectorIndex {
  readonly size: number;
  add(key: number, unit: Float32Array): void;
  /** Up to `k` nearest keys with their cosine similarity, most similar first. */
  search(unit: Float32Array, k: number): readonly { readonly key: number; readonly similarity: number }[];
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * A semantic second opinion to `dedup`, frame by frame in frame order, comparing each frame only with earlier
 * ones. Pairs dedup confirmed are re-checked (their similarity reported). Every other frame is looked up in a
 * vector index of earlier group representatives (frames that neither dedup nor this pass matched); a hit at
 * or above the threshold is proposed, otherwise the frame becomes a representative itself. Frames without
 * an embedding get no decision. Similarities are recomputed exactly from the embeddings (the index only
 * proposes candidates), rounded to 1e-6.
 */
export function findSemanticDuplicates(
  frames: readonly SemanticFrame[],
  embeddingOf: (index: number) => Float32Array | null,
  index: VectorIndex,
  options: SemanticOptions,
): Map<number, SemanticDecision> {
  const out = new Map<number, SemanticDecision>();
  for (const frame of frames) {
    const e = embeddingOf(frame.index);
    if (!e) continue;
    if (frame.dedupOf !== null) {
      const target = embeddingOf(frame.dedupOf);
      const similarity = target ? round6(cosine(e, target)) : null;
      const agrees = similarity === null ? null : similarity >= options.threshold;
      out.set(frame.index, { semantic_of: agrees ? frame.dedupOf : null, similarity, agrees_with_dedup: agrees, dedup_of: frame.dedupOf });
      continue;
    }
    let best: { key: number; similarity: number } | null = null;
    if (index.size > 0) {
      for (const hit of index.search(e, options.candidates)) {
        const other = embeddingOf(hit.key);
        if (!other || hit.key >= frame.index) continue;
        const similarity = round6(cosine(e, other));
        if (!best || similarity > best.similarity || (similarity === best.similarity && hit.key < best.key)) best = { key: hit.key, similarity };
      }
    }
    const match = best !== null && best.similarity >= options.threshold;
    out.set(frame.index, { semantic_of: match ? best!.key : null, similarity: best?.similarity ?? null, agrees_with_dedup: !match, dedup_of: null });
    if (!match) index.add(frame.index, e);
  }
  return out;
}

/** Exact search by a linear scan: the reference the usearch index is tested against. */
export class BruteForceIndex implements VectorIndex {
  readonly #items: { key: number; unit: Float32Array }[] = [];
  get size(): number {
    return this.#items.length;
  }
  add(key: number, unit: Float32Array): void {
    this.#items.push({ key, unit });
  }
  search(unit: Float32Array, k: number): { key: number; similarity: number }[] {
    return this.#items
      .map((it) => ({ key: it.key, similarity: cosine(unit, it.unit) }))
      .sort((a, b) => b.similarity - a.similarity || a.key - b.key)
      .slice(0, k);
  }
}
