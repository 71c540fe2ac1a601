import { cosine, decodeEmbedding, encodeEmbedding, isStoredEmbedding, l2Normalise } from '@winnow/fingerprint';
import { fakeProjection } from './testing/fake-clip';

const vec = (seed: number, n = 512) => Float32Array.from(fakeProjection(1, n, seed));

test('l2Normalise gives a unit vector and the original length; a zero vector is refused', () => {
  const { unit, norm } = l2Normalise([3, 4]);
  expect(norm).toBe(5);
  expect(Array.from(unit)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
  expect(() => l2Normalise([0, 0])).toThrow(/no direction/);
  expect(() => l2Normalise([NaN, 1])).toThrow(/no direction/);
});

test('int8 storage: 512 bytes (684 base64 characters), cosine with the original above 0.9999', () => {
  for (const seed of [1, 2, 3]) {
    const { unit } = l2Normalise(vec(seed));
    const s = encodeEmbedding(unit, 'int8');
    expect(s).toMatchObject({ encoding: 'int8', dim: 512 });
    expect(s.embedding.length).toBe(684);
    expect(s.scale).toBeGreaterThan(0);
    const back = decodeEmbedding(s);
    expect(cosine(unit, back)).toBeGreaterThan(0.9999);
    expect(cosine(back, back)).toBeCloseTo(1, 6);
  }
});

test('float32 storage round-trips exactly', () => {
  const { unit } = l2Normalise(vec(5, 768));
  const s = encodeEmbedding(unit, 'float32');
  expect(s).toMatchObject({ encoding: 'float32', dim: 768, scale: null });
  expect(Array.from(decodeEmbedding(s))).toEqual(Array.from(unit));
});

test('cosine: 1 for the same direction, about 0 for independent random directions, refuses mixed sizes', () => {
  const a = l2Normalise(vec(1)).unit;
  const b = l2Normalise(vec(2)).unit;
  expect(cosine(a, a)).toBeCloseTo(1, 6);
  expect(Math.abs(cosine(a, b))).toBeLessThan(0.2);
  expect(() => cosine(a, new Float32Array(3))).toThrow(/cannot be compared/);
});

test('a wrong length or encoding is refused when decoding; isStoredEmbedding recognises records', () => {
  const s = encodeEmbedding(l2Normalise(vec(1, 8)).unit, 'int8');
  expect(() => decodeEmbedding({ ...s, dim: 9 })).toThrow(/expected 9/);
  expect(() => decodeEmbedding({ ...s, encoding: 'bf16' as never })).toThrow(/unknown embedding encoding/);
  expect(isStoredEmbedding({ ...s, model_sha256: 'x' })).toBe(true);
  expect(isStoredEmbedding({ error: { code: 'STAGE_FRAME_FAILED' } })).toBe(false);
});
