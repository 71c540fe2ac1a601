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

/** Bucket tables have 2^bits buckets per chunk, bits = bit length of the item count clamped to this range (and to the chunk's width). */
const MIN_BUCKET_BITS = 8;
const MAX_BUCKET_BITS = 22;
/** Items added since the last build are chained per bucket until they exceed this many or a quarter of the built ones. */
const MIN_PENDING = 64;
/** A query without a limit checks every item when there are fewer than this many per bucket it would probe. */
const SCAN_RATIO = 8;
/** Stands for "no limit" per bucket: no bucket holds this many entries. */
const NO_LIMIT = 0x7fffffff;
/** Probes per batch (see {@link HammingIndex.query}). */
const BATCH = 256;
/** Multiplier of the Fibonacci hash that folds a chunk wider than its table's bits into a bucket. */
const FOLD = 0x9e3779b1;

/**
 * Multi-index hashing (Norouzi et al., 2012) over 64-bit hashes: the bits are split into `chunks` disjoint
 * substrings with one exact-match table each. Insertion is O(chunks); a query enumerates the keys within
 * floor(r / chunks) of each of its substrings and verifies the candidates by full Hamming distance.
 * Not a linear scan: on random 64-bit hashes a radius-8 query over a million items touches about 1% of them.
 *
 * Layout: per chunk, a dense table in CSR form (bucket offsets, then per entry, bucket by bucket in insertion
 * order, the half of its hash outside the chunk and its slot) built lazily at query time, so that a probe reads one
 * contiguous run of memory and rejects almost every candidate on that half alone. Items added since the last build
 * are chained per bucket (newest first, in typed arrays) until they outnumber a quarter of the built ones, so that
 * interleaved adds and queries stay cheap. When a chunk is wider than the table's bits (few items, or fewer than
 * 4 chunks), keys are folded by a hash into the buckets and a limit still counts the entries of one chunk value.
 * A query probes fewer buckets than floor(r / chunks) bits in every chunk where that finds the same (see
 * {@link HammingIndex.query}), and checks every item where that costs less.
 */
export class HammingIndex {
  readonly #chunks: number;
  readonly #widths: number[];
  readonly #shifts: number[];
  /** Per chunk, log2 of its bucket count (< the width: keys are folded). */
  readonly #bits: number[];
  /** Per chunk, over the first #built slots: bucket b holds entries #offsets[c][b] .. #offsets[c][b + 1] - 1. */
  readonly #offsets: Uint32Array[];
  /** Per chunk, the half of each entry's hash that holds fewer of the chunk's bits: 0 for `hi`, 1 for `lo`. */
  readonly #wordOf: number[];
  /** Per chunk and entry (buckets in insertion order), that half of its hash: a filter read in sequence. */
  readonly #words: Uint32Array[];
  /** Per chunk and entry, its slot. */
  readonly #slots: Uint32Array[];
  /** Per chunk and bucket, the newest slot added since the build (-1: none). */
  readonly #heads: Int32Array[];
  /** Per chunk and slot added since the build, the next older such slot of its bucket (-1: none). */
  readonly #next: Int32Array[];
  #built = 0;
  #hi = new Uint32Array(1024);
  #lo = new Uint32Array(1024);
  #ids = new Float64Array(1024);
  /** Per slot, the number of the last query that returned it (no per-query set to allocate). */
  #stamp = new Uint32Array(1024);
  #query = 0;
  #size = 0;
  /** Slots matched by the current query. */
  #found = new Uint32Array(256);
  #count = 0;
  /** Whether the current query left out entries of a bucket for its limit. */
  #truncated = false;
  /** The keys of a batch of probes, and their buckets' ranges of entries. */
  readonly #keys = new Uint32Array(BATCH);
  readonly #order = new Uint32Array(BATCH);
  readonly #firsts = new Uint32Array(BATCH);
  readonly #ends = new Uint32Array(BATCH);
  /** Bit positions of the current combination while enumerating a Hamming ball. */
  readonly #pos = new Int32Array(33);

  constructor(options: HammingIndexOptions = {}) {
    const chunks = options.chunks ?? 4;
    if (!Number.isInteger(chunks) || chunks < 2 || chunks > 32) throw new Error(`HammingIndex: chunks must be an integer in 2..32, got ${chunks}`);
    this.#chunks = chunks;
    this.#widths = [];
    this.#shifts = [];
    this.#bits = [];
    this.#offsets = [];
    this.#wordOf = [];
    this.#words = [];
    this.#slots = [];
    this.#heads = [];
    this.#next = [];
    let bit = 0;
    for (let c = 0; c < chunks; c++) {
      const w = Math.floor(64 / chunks) + (c < 64 % chunks ? 1 : 0);
      this.#widths.push(w);
      this.#shifts.push(bit);
      bit += w;
      const bits = Math.min(w, MIN_BUCKET_BITS);
      this.#bits.push(bits);
      this.#offsets.push(new Uint32Array((1 << bits) + 1));
      // The chunk's own bits are within a few bits of the query's in every probed bucket: filter on the other half.
      this.#wordOf.push(32 - (bit - w) >= bit - 32 ? 1 : 0);
      this.#words.push(new Uint32Array(0));
      this.#slots.push(new Uint32Array(0));
      this.#heads.push(new Int32Array(1 << bits).fill(-1));
      this.#next.push(new Int32Array(1024));
    }
  }

  get size(): number {
    return this.#size;
  }

  /** Adds a hash under an id (any number; ids need not be unique or ordered). */
  add(id: number, hi: number, lo: number): void {
    if (this.#size === this.#hi.length) this.#grow();
    const slot = this.#size++;
    hi >>>= 0;
    lo >>>= 0;
    this.#hi[slot] = hi;
    this.#lo[slot] = lo;
    this.#ids[slot] = id;
    for (let c = 0; c < this.#chunks; c++) {
      const b = bucketOf(chunkOf(hi, lo, this.#shifts[c], this.#widths[c]), this.#widths[c], this.#bits[c]);
      const heads = this.#heads[c];
      this.#next[c][slot] = heads[b];
      heads[b] = slot;
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
    // As many entries as `bucket.length - limit` leaves (a fraction rounds down; NaN, 0 or less read none).
    const limit = limitPerBucket >= 1 ? Math.min(Math.floor(limitPerBucket), NO_LIMIT) : 0;
    // Pigeonhole: with radius = sub * chunks + extra, an item within the radius is within sub bits of the query in
    // one of the first extra + 1 chunks or within sub - 1 bits in one of the others, so probing those balls finds
    // every item within the radius, fewer buckets than floor(radius / chunks) bits in every chunk. With a limit
    // that is the same result unless a bucket was cut short, which may hide an item that another bucket within
    // sub bits shows: then those buckets are read too, as the limit's contract is about every one of them.
    const sub = Math.floor(radius / this.#chunks);
    const extra = radius - sub * this.#chunks;
    const q = (this.#query = (this.#query + 1) >>> 0 || 1);
    if (q === 1) this.#stamp.fill(0);
    this.#count = 0;
    if (limit === 0) return [];
    if (limit === NO_LIMIT) {
      // Where the buckets to probe outnumber the items, checking every item costs less (and finds the same).
      let probes = 0;
      for (let c = 0; c < this.#chunks; c++) probes += ballSize(this.#widths[c], c > extra ? sub - 1 : sub);
      if (probes * SCAN_RATIO >= this.#size) {
        const hiA = this.#hi;
        const loA = this.#lo;
        for (let s = 0; s < this.#size; s++) if (popcount32(hiA[s] ^ hi) + popcount32(loA[s] ^ lo) <= radius) this.#push(s);
        return this.#matches(hi, lo);
      }
    }
    const pending = this.#size - this.#built;
    if (pending > 0 && pending > Math.max(MIN_PENDING, this.#built >>> 2)) this.#build();
    this.#truncated = false;
    for (let c = 0; c < this.#chunks; c++) this.#probeBall(c, hi, lo, 0, c > extra ? sub - 1 : sub, sub, radius, limit, q);
    if (this.#truncated) for (let c = extra + 1; c < this.#chunks; c++) this.#probeBall(c, hi, lo, sub, sub, sub, radius, limit, q);
    return this.#matches(hi, lo);
  }

  /**
   * Probes chunk `c`'s buckets for the keys at `from` to `to` bits from the query's: combinations of flipped bits
   * in lexicographic order, in batches (looking up a batch's buckets before reading them lets the memory accesses
   * overlap). `sub` is the radius of the balls that a limit concerns.
   */
  #probeBall(c: number, hi: number, lo: number, from: number, to: number, sub: number, radius: number, limit: number, q: number): void {
    const width = this.#widths[c];
    const key = chunkOf(hi, lo, this.#shifts[c], width);
    const pos = this.#pos;
    const keys = this.#keys;
    let n = 0;
    for (let d = from, last = Math.min(to, width); d <= last; d++) {
      for (let i = 0; i < d; i++) pos[i] = i;
      for (;;) {
        let mask = 0;
        for (let i = 0; i < d; i++) mask |= 1 << pos[i];
        keys[n++] = (key ^ mask) >>> 0;
        if (n === BATCH) {
          this.#probe(c, n, key, sub, hi, lo, radius, limit, q);
          n = 0;
        }
        let i = d - 1;
        while (i >= 0 && pos[i] === width - d + i) i--;
        if (i < 0) break;
        pos[i]++;
        for (let j = i + 1; j < d; j++) pos[j] = pos[j - 1] + 1;
      }
    }
    if (n > 0) this.#probe(c, n, key, sub, hi, lo, radius, limit, q);
  }

  /** The recorded matches in insertion order. */
  #matches(hi: number, lo: number): HammingMatch[] {
    const found = this.#found.subarray(0, this.#count).sort();
    const out: HammingMatch[] = new Array(found.length);
    for (let k = 0; k < found.length; k++) {
      const slot = found[k];
      out[k] = { id: this.#ids[slot], distance: hamming(hi, lo, this.#hi[slot], this.#lo[slot]) };
    }
    return out;
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

  /**
   * For the first `n` keys of #keys, verifies the newest `limit` entries of chunk `c`'s bucket, recording matches not
   * yet returned. `key` is the query's chunk and `sub` the radius of the balls that a limit concerns.
   */
  #probe(c: number, n: number, key: number, sub: number, hi: number, lo: number, radius: number, limit: number, q: number): void {
    const width = this.#widths[c];
    const bits = this.#bits[c];
    const folded = bits < width;
    const keys = this.#keys;
    const off = this.#offsets[c];
    if (this.#built < this.#size) {
      for (let k = 0; k < n; k++) {
        const b = bucketOf(keys[k], width, bits);
        this.#probeOne(c, keys[k], off[b], off[b + 1], hi, lo, radius, limit, q);
      }
      return;
    }
    // Buckets in ascending order (each with its key's index in the batch), so that the reads go forward through
    // memory; then their ranges, looked up before any is read.
    const order = this.#order;
    const firsts = this.#firsts;
    const ends = this.#ends;
    for (let k = 0; k < n; k++) order[k] = bucketOf(keys[k], width, bits) * BATCH + k;
    order.subarray(0, n).sort();
    for (let k = 0; k < n; k++) {
      const b = Math.floor(order[k] / BATCH);
      firsts[k] = off[b];
      ends[k] = off[b + 1];
    }
    // Every entry of the bucket, filtered on the stored half of its hash before reading the whole hash. Entries of
    // other keys folded into the bucket are extra candidates, and the stamp drops repeats; with a limit, only those
    // within `sub` of the query's chunk, whose buckets are all read (their key has no more entries than this
    // bucket, which holds at most the limit). A bucket longer than the limit: its newest entries, or those of its
    // key if folded.
    const shift = this.#shifts[c];
    const checkKey = folded && limit !== NO_LIMIT;
    const words = this.#words[c];
    const slots = this.#slots[c];
    const hiA = this.#hi;
    const loA = this.#lo;
    const stamp = this.#stamp;
    const word = this.#wordOf[c] === 0 ? hi : lo;
    for (let k = 0; k < n; k++) {
      const first = firsts[k];
      const end = ends[k];
      let stop = first;
      if (end - first > limit) {
        if (folded) {
          this.#probeOne(c, keys[order[k] % BATCH], first, end, hi, lo, radius, limit, q);
          continue;
        }
        stop = end - limit;
        this.#truncated = true;
      }
      for (let i = stop; i < end; i++) {
        if (popcount32(words[i] ^ word) > radius) continue;
        const slot = slots[i];
        const h = hiA[slot];
        const l = loA[slot];
        if (popcount32(h ^ hi) + popcount32(l ^ lo) <= radius && stamp[slot] !== q) {
          if (checkKey && popcount32(chunkOf(h, l, shift, width) ^ key) > sub) continue;
          stamp[slot] = q;
          this.#push(slot);
        }
      }
    }
  }

  /** The general case of {@link #probe} for one key: items added since the build, and a limit on folded buckets. */
  #probeOne(c: number, key: number, first: number, end: number, hi: number, lo: number, radius: number, limit: number, q: number): void {
    const width = this.#widths[c];
    const shift = this.#shifts[c];
    const folded = this.#bits[c] < width;
    const stamp = this.#stamp;
    const hiA = this.#hi;
    const loA = this.#lo;
    let left = limit;
    // Items added since the build: newer than every built entry, so read first.
    if (this.#built < this.#size) {
      const next = this.#next[c];
      for (let s = this.#heads[c][bucketOf(key, width, this.#bits[c])]; s >= 0 && left > 0; s = next[s]) {
        const h = hiA[s];
        const l = loA[s];
        if (folded && chunkOf(h, l, shift, width) !== key) continue;
        left--;
        if (popcount32(h ^ hi) + popcount32(l ^ lo) <= radius && stamp[s] !== q) {
          stamp[s] = q;
          this.#push(s);
        }
      }
      if (left === 0) this.#truncated = true;
    }
    const slots = this.#slots[c];
    if (folded && limit !== NO_LIMIT) {
      // A limit counts the entries of this key only.
      for (let i = end - 1; i >= first && left > 0; i--) {
        const slot = slots[i];
        const h = hiA[slot];
        const l = loA[slot];
        if (chunkOf(h, l, shift, width) !== key) continue;
        left--;
        if (popcount32(h ^ hi) + popcount32(l ^ lo) <= radius && stamp[slot] !== q) {
          stamp[slot] = q;
          this.#push(slot);
        }
      }
      // Maybe cut short (or maybe exactly the limit: reading the other buckets then costs time, not correctness).
      if (left === 0) this.#truncated = true;
      return;
    }
    const words = this.#words[c];
    const word = this.#wordOf[c] === 0 ? hi : lo;
    let stop = first;
    if (end - first > left) {
      stop = end - left;
      this.#truncated = true;
    }
    for (let i = end - 1; i >= stop; i--) {
      if (popcount32(words[i] ^ word) > radius) continue;
      const slot = slots[i];
      if (popcount32(hiA[slot] ^ hi) + popcount32(loA[slot] ^ lo) <= radius && stamp[slot] !== q) {
        stamp[slot] = q;
        this.#push(slot);
      }
    }
  }

  #push(slot: number): void {
    if (this.#count === this.#found.length) {
      const found = new Uint32Array(this.#found.length * 2);
      found.set(this.#found);
      this.#found = found;
    }
    this.#found[this.#count++] = slot;
  }

  /** Rebuilds every chunk's table over all items (counting sort by bucket, slots ascending), emptying the chains. */
  #build(): void {
    const n = this.#size;
    const hiA = this.#hi;
    const loA = this.#lo;
    const bucket = new Uint32Array(n);
    const bitsForN = Math.min(MAX_BUCKET_BITS, Math.max(MIN_BUCKET_BITS, 32 - Math.clz32(n)));
    for (let c = 0; c < this.#chunks; c++) {
      const width = this.#widths[c];
      const shift = this.#shifts[c];
      const bits = Math.min(width, bitsForN);
      const nb = 1 << bits;
      this.#bits[c] = bits;
      let off = this.#offsets[c];
      if (off.length === nb + 1) off.fill(0);
      else off = this.#offsets[c] = new Uint32Array(nb + 1);
      for (let s = 0; s < n; s++) {
        const b = bucketOf(chunkOf(hiA[s], loA[s], shift, width), width, bits);
        bucket[s] = b;
        off[b + 1]++;
      }
      for (let b = 0; b < nb; b++) off[b + 1] += off[b];
      const cursor = off.slice(0, nb);
      let words = this.#words[c];
      let slots = this.#slots[c];
      if (words.length < n) {
        words = this.#words[c] = new Uint32Array(n + (n >>> 3));
        slots = this.#slots[c] = new Uint32Array(n + (n >>> 3));
      }
      const wordA = this.#wordOf[c] === 0 ? hiA : loA;
      for (let s = 0; s < n; s++) {
        const i = cursor[bucket[s]]++;
        words[i] = wordA[s];
        slots[i] = s;
      }
      if (this.#heads[c].length === nb) this.#heads[c].fill(-1);
      else this.#heads[c] = new Int32Array(nb).fill(-1);
    }
    this.#built = n;
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
    for (let c = 0; c < this.#chunks; c++) {
      const next = new Int32Array(n);
      next.set(this.#next[c]);
      this.#next[c] = next;
    }
  }
}

/** The `width` bits from bit `start` (bits numbered 0..63 from the most significant bit of `hi`), unsigned; width <= 32. */
function chunkOf(hi: number, lo: number, start: number, width: number): number {
  const end = start + width;
  if (end <= 32) return width === 32 ? hi >>> 0 : (hi >>> (32 - end)) & ((1 << width) - 1);
  if (start >= 32) return width === 32 ? lo >>> 0 : (lo >>> (64 - end)) & ((1 << width) - 1);
  const loBits = end - 32;
  const hiPart = hi & ((1 << (32 - start)) - 1);
  return hiPart * 2 ** loBits + (lo >>> (32 - loBits));
}

/** The bucket of a chunk value in a table of 2^bits buckets: the value itself, or a hash of it when wider. */
function bucketOf(key: number, width: number, bits: number): number {
  return bits < width ? Math.imul(key, FOLD) >>> (32 - bits) : key;
}

/** The number of keys of `width` bits within `radius` bits of one (0 for a negative radius). */
function ballSize(width: number, radius: number): number {
  let total = 0;
  for (let d = 0, term = 1; d <= Math.min(radius, width); d++) {
    total += term;
    term = (term * (width - d)) / (d + 1);
  }
  return total;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
