import { canonicalJson } from './canonical-json';

test('sorts keys at every depth and drops undefined', () => {
  expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
});

test('refuses values with no canonical form', () => {
  expect(() => canonicalJson({ a: NaN })).toThrow('$.a is NaN');
  expect(() => canonicalJson({ f: () => 1 })).toThrow('function');
  expect(() => canonicalJson({ a: [[0, 'x'], [1, Infinity]], b: undefined })).toThrow('$.a[1][1] is Infinity');
});
