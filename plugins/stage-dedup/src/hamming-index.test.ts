import { HammingIndex } from './hamming-index';

/** Deterministic 32-bit generator (mulberry32), so that failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
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

describe('HammingIndex', () => {
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
