import { hamming, popcount32 } from './hamming';
import { HammingIndex } from './hamming-index';
import { rng as unitRng } from '../../fingerprint/src/testing/test-pictures';

/** Deterministic 32-bit integers (mulberry32, the test pictures' generator, scaled back), so that failures reproduce. */
function rng(seed: number): () => number {
  const unit = unitRng(seed);
  return () => unit() * 4294967296;
}

/** Flips `k` distinct random bits of a 64-bit hash. */
function perturb(next: () => number, hi: number, lo: number, k: number): [number, number] {
  const bits = new Set<number>();
  while (bits.size < k) bits.add(next() % 64);
  for (const b of bits) {
    if (b < 32) hi = (hi ^ (1 << b)) >>> 0;
    else lo = (lo ^ (1 << (b - 32))) >>> 0;
  }
  return [hi, lo];
}

/**
 * The index's contract as plainly as possible (the original implementation): per chunk, buckets of slots keyed by
 * the chunk's bits; every bucket within floor(r / chunks) bits of the query's chunk is read from its newest entry,
 * at most `limit` entries; the candidates within r are returned once each, in insertion order.
 */
class ReferenceIndex {
  readonly widths: number[] = [];
  readonly shifts: number[] = [];
  readonly tables: Map<number, number[]>[];
  readonly items: { id: number; hi: number; lo: number }[] = [];

  constructor(readonly chunks: number) {
    let bit = 0;
    for (let c = 0; c < chunks; c++) {
      const w = Math.floor(64 / chunks) + (c < 64 % chunks ? 1 : 0);
      this.widths.push(w);
      this.shifts.push(bit);
      bit += w;
    }
    this.tables = Array.from({ length: chunks }, () => new Map<number, number[]>());
  }

  key(hi: number, lo: number, c: number): bigint {
    const all = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    return (all >> BigInt(64 - this.shifts[c] - this.widths[c])) & ((1n << BigInt(this.widths[c])) - 1n);
  }

  add(id: number, hi: number, lo: number): void {
    const slot = this.items.push({ id, hi: hi >>> 0, lo: lo >>> 0 }) - 1;
    for (let c = 0; c < this.chunks; c++) {
      const k = Number(this.key(hi, lo, c));
      const bucket = this.tables[c].get(k) ?? [];
      bucket.push(slot);
      this.tables[c].set(k, bucket);
    }
  }

  query(hi: number, lo: number, radius: number, limit: number): { id: number; distance: number }[] {
    const sub = Math.floor(radius / this.chunks);
    const seen = new Set<number>();
    for (let c = 0; c < this.chunks; c++) {
      const k = Number(this.key(hi, lo, c));
      for (const [probe, bucket] of this.tables[c]) {
        if (popcount32((probe ^ k) >>> 0) > sub) continue;
        for (let i = bucket.length - 1; i >= Math.max(0, bucket.length - limit); i--) {
          const it = this.items[bucket[i]];
          if (hamming(hi >>> 0, lo >>> 0, it.hi, it.lo) <= radius) seen.add(bucket[i]);
        }
      }
    }
    return [...seen].sort((a, b) => a - b).map((s) => ({ id: this.items[s].id, distance: hamming(hi >>> 0, lo >>> 0, this.items[s].hi, this.items[s].lo) }));
  }
}

describe('HammingIndex', () => {
  it.each([
    [3, 3000],
    [4, 3000],
    [4, 40000],
    [8, 3000],
  ])('matches a linear scan at every radius, with adds and queries interleaved (%i chunks, %i items)', (chunks, total) => {
    const next = rng(1000 * chunks + total);
    const index = new HammingIndex({ chunks });
    const stored: [number, number][] = [];
    let id = 0;
    // Batches from 1 item to more than the index keeps aside between rebuilds of its tables.
    for (const batch of [1, 2, 40, 700, 1, 2500, 5, 9000, 30000].map((b) => Math.ceil((b * total) / 42249))) {
      for (let i = 0; i < batch && id < total; i++, id++) {
        // Random hashes, and near-copies of earlier ones so that small radii have matches.
        const [hi, lo] = stored.length && next() % 3 === 0 ? perturb(next, ...stored[next() % stored.length], next() % 10) : [next(), next()];
        stored.push([hi, lo]);
        index.add(id * 3 + 1, hi, lo);
      }
      for (let q = 0; q < 12; q++) {
        const [hi, lo] = q % 4 === 0 ? [next(), next()] : perturb(next, ...stored[next() % stored.length], next() % 7);
        for (const radius of [0, 1, 2, 4, 5, 7, 8, 10]) {
          const got = index.query(hi, lo, radius).map((m) => `${m.id}:${m.distance}`);
          const want = index.scan(hi, lo, radius).map((m) => `${m.id}:${m.distance}`);
          expect(got).toEqual(want);
        }
      }
    }
    expect(index.size).toBe(total);
  });

  it.each([3, 4, 8])('reads the same newest entries per bucket as the reference with a limit (%i chunks)', (chunks) => {
    const next = rng(77 + chunks);
    const index = new HammingIndex({ chunks });
    const reference = new ReferenceIndex(chunks);
    const centres: [number, number][] = Array.from({ length: 6 }, () => [next(), next()]);
    let id = 0;
    for (const batch of [50, 1, 3000, 20, 1500]) {
      for (let i = 0; i < batch; i++, id++) {
        // Crowded buckets: near-copies of a few centres (a fixed camera), among random hashes.
        const [hi, lo] = next() % 4 ? perturb(next, ...centres[next() % centres.length], next() % 9) : [next(), next()];
        index.add(id, hi, lo);
        reference.add(id, hi, lo);
      }
      for (let q = 0; q < 6; q++) {
        const [hi, lo] = perturb(next, ...centres[q % centres.length], next() % 5);
        for (const radius of [0, 3, 6, 8]) {
          for (const limit of [0, 1, 2.5, 7, 64, Number.POSITIVE_INFINITY]) {
            expect(index.query(hi, lo, radius, limit)).toEqual(reference.query(hi, lo, radius, limit));
          }
        }
      }
    }
  });

  it.each([2, 3, 4, 5, 8])('finds exactly what a linear scan finds (%i chunks)', (chunks) => {
    const next = rng(chunks);
    const index = new HammingIndex({ chunks });
    const base: [number, number][] = [];
    for (let i = 0; i < 2000; i++) {
      // Clusters around a few centres, so that small radii have matches.
      if (i % 50 === 0) base.push([next(), next()]);
      const [hi, lo] = perturb(next, ...base[base.length - 1], next() % 12);
      index.add(i, hi, lo);
    }
    for (let q = 0; q < 60; q++) {
      const [hi, lo] = perturb(next, ...base[q % base.length], next() % 6);
      for (const radius of [0, 1, 3, 5, 8, 12]) {
        const got = index.query(hi, lo, radius).map((m) => `${m.id}:${m.distance}`);
        const want = index.scan(hi, lo, radius).map((m) => `${m.id}:${m.distance}`);
        expect(got).toEqual(want);
      }
    }
  });

  it('returns matches in insertion order with their distances', () => {
    const index = new HammingIndex();
    index.add(7, 0, 0);
    index.add(3, 0, 0b111);
    index.add(9, 0xffffffff, 0xffffffff);
    expect(index.query(0, 1, 3)).toEqual([
      { id: 7, distance: 1 },
      { id: 3, distance: 2 },
    ]);
    expect(index.size).toBe(3);
  });

  it('reads only the newest entries of a bucket when limited', () => {
    const index = new HammingIndex();
    for (let i = 0; i < 100; i++) index.add(i, 0x1234, 0x5678);
    expect(index.query(0x1234, 0x5678, 0, 5).map((m) => m.id)).toEqual([95, 96, 97, 98, 99]);
    expect(index.query(0x1234, 0x5678, 0)).toHaveLength(100);
  });

  it('rejects bad options with the value received', () => {
    expect(() => new HammingIndex({ chunks: 1 })).toThrow(/chunks must be an integer in 2\.\.32, got 1/);
    expect(() => new HammingIndex().query(0, 0, -1)).toThrow(/radius .* got -1/);
  });
});
