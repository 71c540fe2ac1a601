import { l2Normalise } from '@winnow/fingerprint';
import { BruteForceIndex, findSemanticDuplicates, type SemanticFrame } from './semantic-duplicates';
import { fakeProjection } from './testing/fake-clip';
import { UsearchIndex } from './usearch-index';

const unit = (seed: number, n = 64) => l2Normalise(fakeProjection(1, n, seed)).unit;
/** `base` moved towards `other` by `t` (then renormalised): cosine with base decreases with t. */
function blend(base: Float32Array, other: Float32Array, t: number): Float32Array {
  return l2Normalise(base.map((v, i) => (1 - t) * v + t * other[i])).unit;
}

const opts = { threshold: 0.95, candidates: 8 };

function scenario() {
  const a = unit(1);
  const b = unit(2);
  const c = unit(3);
  const e = new Map<number, Float32Array>([
    [0, a],
    [1, blend(a, c, 0.05)], // a semantic near-duplicate dedup missed
    [2, b], // new scene
    [3, blend(b, c, 0.02)], // dedup confirmed (of 2), CLIP agrees
    [4, c], // dedup confirmed (of 2) but CLIP disagrees
    [6, blend(b, a, 0.03)], // dedup missed, CLIP: of 2
  ]);
  const frames: SemanticFrame[] = [
    { index: 0, dedupOf: null },
    { index: 1, dedupOf: null },
    { index: 2, dedupOf: null },
    { index: 3, dedupOf: 2 },
    { index: 4, dedupOf: 2 },
    { index: 5, dedupOf: null }, // unreadable: no embedding
    { index: 6, dedupOf: null },
  ];
  return { frames, embeddingOf: (i: number) => e.get(i) ?? null };
}

test.each([
  ['brute force', () => new BruteForceIndex()],
  ['usearch', () => new UsearchIndex(64)],
])('second opinion to dedup (%s index): re-checks confirmed pairs, proposes for the others, skips frames without an embedding', (_name, make) => {
  const { frames, embeddingOf } = scenario();
  const d = findSemanticDuplicates(frames, embeddingOf, make(), opts);
  expect(d.get(0)).toEqual({ semantic_of: null, similarity: null, agrees_with_dedup: true, dedup_of: null });
  expect(d.get(1)).toMatchObject({ semantic_of: 0, agrees_with_dedup: false, dedup_of: null });
  expect(d.get(1)!.similarity).toBeGreaterThan(0.95);
  expect(d.get(2)).toMatchObject({ semantic_of: null, agrees_with_dedup: true, dedup_of: null });
  expect(d.get(2)!.similarity).toBeLessThan(0.5);
  expect(d.get(3)).toMatchObject({ semantic_of: 2, agrees_with_dedup: true, dedup_of: 2 });
  expect(d.get(4)).toMatchObject({ semantic_of: null, agrees_with_dedup: false, dedup_of: 2 });
  expect(d.get(4)!.similarity).toBeLessThan(0.5);
  expect(d.has(5)).toBe(false);
  // 6 matches the representative 2, not the semantic duplicate 1 nor the dedup-confirmed 3 (not in the index).
  expect(d.get(6)).toMatchObject({ semantic_of: 2, agrees_with_dedup: false });
});

test('a dedup pair whose target has no embedding cannot be compared', () => {
  const d = findSemanticDuplicates([{ index: 1, dedupOf: 0 }], (i) => (i === 1 ? unit(1) : null), new BruteForceIndex(), opts);
  expect(d.get(1)).toEqual({ semantic_of: null, similarity: null, agrees_with_dedup: null, dedup_of: 0 });
});

test('usearch finds the same best representative as a linear scan on 2,000 random frames', () => {
  const frames = Array.from({ length: 2000 }, (_, i) => ({ index: i, dedupOf: null }));
  const vectors = new Map<number, Float32Array>();
  // Every fifth frame repeats an earlier scene (up to 250 frames back) with a little noise.
  const earlier = (i: number) => (i - 3 - 5 * ((i * 7) % 50) >= 0 ? i - 3 - 5 * ((i * 7) % 50) : i - 3);
  for (let i = 0; i < 2000; i++) vectors.set(i, i % 5 === 4 ? blend(vectors.get(earlier(i))!, unit(10_000 + i), 0.1) : unit(i + 1));
  const embeddingOf = (i: number) => vectors.get(i) ?? null;
  const exact = findSemanticDuplicates(frames, embeddingOf, new BruteForceIndex(), { threshold: 0.9, candidates: 8 });
  const ann = findSemanticDuplicates(frames, embeddingOf, new UsearchIndex(64), { threshold: 0.9, candidates: 8 });
  let same = 0;
  for (const [i, d] of exact) if (ann.get(i)!.semantic_of === d.semantic_of) same++;
  expect(same / exact.size).toBeGreaterThan(0.99);
  expect([...exact.values()].filter((d) => d.semantic_of !== null).length).toBeGreaterThan(300);
});
