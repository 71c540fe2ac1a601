import type * as USearch from 'usearch';
import type { VectorIndex } from './semantic-duplicates';

let usearch: typeof USearch | null = null;
/** The native index on first use only (the hook is loaded by every `winnow` command). */
function loadUsearch(): typeof USearch {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  usearch ??= require('usearch') as typeof USearch;
  return usearch;
}

/**
 * An HNSW index (usearch) over `dim`-dimensional vectors by cosine distance, float32, single-threaded adds and
 * searches in insertion order (so a run is reproducible). Memory: about 4 x dim bytes per vector plus the graph.
 */
export class UsearchIndex implements VectorIndex {
  readonly #index: USearch.Index;
  constructor(readonly dim: number) {
    const { Index, MetricKind, ScalarKind } = loadUsearch();
    this.#index = new Index({ dimensions: dim, metric: MetricKind.Cos, quantization: ScalarKind.F32, connectivity: 0, expansion_add: 0, expansion_search: 0, multi: false });
  }
  get size(): number {
    return Number(this.#index.size());
  }
  add(key: number, unit: Float32Array): void {
    if (unit.length !== this.dim) throw new RangeError(`vector of ${unit.length} dims added to an index of ${this.dim}`);
    this.#index.add(BigInt(key), unit, 1);
  }
  search(unit: Float32Array, k: number): { key: number; similarity: number }[] {
    if (this.size === 0) return [];
    const m = this.#index.search(unit, Math.min(k, this.size), 1);
    const out: { key: number; similarity: number }[] = [];
    for (let i = 0; i < m.keys.length; i++) out.push({ key: Number(m.keys[i]), similarity: 1 - m.distances[i] });
    return out;
  }
}
