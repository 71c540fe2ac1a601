import { hamming } from './hamming';

/** A match from {@link HammingIndex.query}: the item's id and its Hamming distance to the query. */
export interface HammingMatch {
  readonly id: number;
  readonly distance: number;
}

export interface HammingIndexOptions {
  /**
   * Number of chunks the 64 bits are split into (multi-index hashing). A query at radius r probes each chunk's
   * buckets within floor(r / chunks) bits of the query's chunk, which by the pigeonhole principle finds every
   * hash within r. 4 chunks of 16 bits suit radii up to about 11.
   * @default 4
   */
  readonly chunks?: number;
}

/**
 * Multi-index hashing (Norouzi et al., 2012) over 64-bit hashes: the bits are split into `chunks` disjoint
 * substrings with one exact-match table each. Insertion is O(chunks); a query enumerates the keys within
 * floor(r / chunks) of each of its substrings and verifies the candidates by full Hamming distance.
 * Not a linear scan: on random 64-bit hashes a radius-8 query over a million items touches about 1% of them.
 */
export class HammingIndex {
  readonly #chunks: number;
  readonly #widths: number[];
  readonly #shifts: number[];
  readonly #tables: Map<number, number[]>[];
  #hi = new Uint32Array(1024);
  #lo = new Uint32Array(1024);
  #ids = new Float64Array(1024);
  /** Per slot, the number of the last query that verified it (no per-query set to allocate). */
  #stamp = new Uint32Array(1024);
  #query = 0;
  #size = 0;

  constructor(options: HammingIndexOptions = {}) {
    const chunks = options.chunks ?? 4;
    if (!Number.isInteger(chunks) || chunks < 2 || chunks > 32) throw new Error(`HammingIndex: chunks must be an integer in 2..32, got ${chunks}`);
    this.#chunks = chunks;
    this.#widths = [];
    this.#shifts = [];
    let bit = 0;
    for (let c = 0; c < chunks; c++) {
      const w = Math.floor(64 / chunks) + (c < 64 % chunks ? 1 : 0);
      this.#widths.push(w);
      this.#shifts.push(bit);
      bit += w;
    }
    this.#tables = Array.from({ length: chunks }, () => new Map<number, number[]>());
  }

  get size(): number {
    return this.#size;
  }

  /** Adds a hash under an id (any number; ids need not be unique or ordered). */
  add(id: number, hi: number, lo: number): void {
    if (this.#size === this.#hi.length) this.#grow();
    const slot = this.#size++;
    this.#hi[slot] = hi >>> 0;
    this.#lo[slot] = lo >>> 0;
    this.#ids[slot] = id;
    for (let c = 0; c < this.#chunks; c++) {
      const key = this.#chunk(hi, lo, c);
      const table = this.#tables[c];
      const bucket = table.get(key);
      if (bucket) bucket.push(slot);
      else table.set(key, [slot]);
    }
  }

  /**
   * Every added item within `radius` bits of the hash, each once, in insertion order. With `limitPerBucket`, each
   * probed bucket is read from its newest entry and at most that many entries are verified: the cost of a query
   * stays bounded when thousands of near-identical hashes share a bucket (a fixed camera), at the price of
   * keeping only the most recent of them.
   */
  query(hi: number, lo: number, radius: number, limitPerBucket = Number.POSITIVE_INFINITY): HammingMatch[] {
    if (!Number.isInteger(radius) || radius < 0 || radius > 64) throw new Error(`HammingIndex: radius must be an integer in 0..64, got ${radius}`);
    hi >>>= 0;
    lo >>>= 0;
    const sub = Math.floor(radius / this.#chunks);
    const stamp = this.#stamp;
    const q = (this.#query = (this.#query + 1) >>> 0 || 1);
    if (q === 1) stamp.fill(0);
    const out: { slot: number; distance: number }[] = [];
    for (let c = 0; c < this.#chunks; c++) {
      const table = this.#tables[c];
      const key = this.#chunk(hi, lo, c);
      forEachWithin(key, this.#widths[c], sub, (probe) => {
        const bucket = table.get(probe);
        if (!bucket) return;
        const stop = Math.max(0, bucket.length - limitPerBucket);
        for (let i = bucket.length - 1; i >= stop; i--) {
          const slot = bucket[i];
          if (stamp[slot] === q) continue;
          stamp[slot] = q;
          const distance = hamming(hi, lo, this.#hi[slot], this.#lo[slot]);
          if (distance <= radius) out.push({ slot, distance });
        }
      });
    }
    out.sort((a, b) => a.slot - b.slot);
    return out.map((m) => ({ id: this.#ids[m.slot], distance: m.distance }));
  }

  /** Reference linear scan (for tests and benchmarks). */
  scan(hi: number, lo: number, radius: number): HammingMatch[] {
    const out: HammingMatch[] = [];
    for (let s = 0; s < this.#size; s++) {
      const distance = hamming(hi >>> 0, lo >>> 0, this.#hi[s], this.#lo[s]);
      if (distance <= radius) out.push({ id: this.#ids[s], distance });
    }
    return out;
  }

  #chunk(hi: number, lo: number, c: number): number {
    // Bits are numbered 0..63 from the most significant bit of `hi`; a chunk is at most 32 bits wide.
    const start = this.#shifts[c];
    const width = this.#widths[c];
    const end = start + width;
    if (end <= 32) return width === 32 ? hi >>> 0 : (hi >>> (32 - end)) & ((1 << width) - 1);
    if (start >= 32) return width === 32 ? lo >>> 0 : (lo >>> (64 - end)) & ((1 << width) - 1);
    const loBits = end - 32;
    const hiPart = hi & ((1 << (32 - start)) - 1);
    return hiPart * 2 ** loBits + (lo >>> (32 - loBits));
  }

  #grow(): void {
    const n = this.#hi.length * 2;
    const hi = new Uint32Array(n);
    hi.set(this.#hi);
    const lo = new Uint32Array(n);
    lo.set(this.#lo);
    const ids = new Float64Array(n);
    ids.set(this.#ids);
    const stamp = new Uint32Array(n);
    stamp.set(this.#stamp);
    this.#stamp = stamp;
    this.#hi = hi;
    this.#lo = lo;
    this.#ids = ids;
  }
}

/** Calls `fn` for every `width`-bit key within `radius` bit flips of `key` (key itself included). */
function forEachWithin(key: number, width: number, radius: number, fn: (probe: number) => void): void {
  fn(key);
  const flip = (from: number, value: number, left: number): void => {
    for (let b = from; b < width; b++) {
      const v = (value ^ (1 << b)) >>> 0;
      fn(v);
      if (left > 1) flip(b + 1, v, left - 1);
    }
  };
  if (radius > 0) flip(0, key, radius);
}
