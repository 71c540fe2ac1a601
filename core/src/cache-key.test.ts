import { cacheKey, cacheKeyOfJson, type CacheKeyParts } from './cache-key';
import { canonicalJson, canonicalMembers } from './hashing/canonical-json';

const base: CacheKeyParts = { stage: 'blur', version: '1.0.0', codeHash: 'c0de', config: { threshold: 0.45, window: 10 }, inputs: [[0, 'aa'], [1, 'bb']], env: { decoder: 'x' } };

test('is stable and independent of key order', () => {
  expect(cacheKey(base)).toBe(cacheKey({ ...base, config: { window: 10, threshold: 0.45 } }));
  expect(cacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
});

test.each([
  ['version', { version: '1.0.1' }],
  ['code', { codeHash: 'c0df' }],
  ['config', { config: { threshold: 0.5, window: 10 } }],
  ['input', { inputs: [[0, 'aa'], [1, 'bc']] }],
  ['environment', { env: { decoder: 'y' } }],
])('changes when the %s changes', (_what, change) => {
  expect(cacheKey({ ...base, ...change } as CacheKeyParts)).not.toBe(cacheKey(base));
});

test('cacheKeyOfJson gives the same key from the serialised inputs, and canonicalMembers the same bytes as canonicalJson', () => {
  const { inputs, ...rest } = base;
  expect(cacheKeyOfJson(rest, canonicalJson(inputs))).toBe(cacheKey(base));
  const value = { b: [1, 'x', { d: null, c: true }], a: 'é"\n', u: undefined, z: -0 };
  const members = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === undefined ? undefined : canonicalJson(v)]));
  expect(canonicalMembers(members)).toBe(canonicalJson(value));
});
