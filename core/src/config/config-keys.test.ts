import { Type } from '@sinclair/typebox';
import { checkConfigKeys } from './config-keys';
import { didYouMean } from './did-you-mean';

const schema = Type.Object(
  { batchSize: Type.Integer(), blur: Type.Object({ threshold: Type.Number(), inner: Type.Object({ depth: Type.Integer() }, { additionalProperties: false }) }, { additionalProperties: false }), open: Type.Object({}) },
  { additionalProperties: false },
);

function problems(config: unknown): string[] {
  try {
    checkConfigKeys(config, schema);
    return [];
  } catch (e) {
    return (e as { details: { problems: string[] } }).details.problems;
  }
}

test('unknown keys at every level are refused with the nearest valid name', () => {
  expect(problems({ batchsize: 1, blurr: {}, blur: { treshold: 1, inner: { dept: 2 } } })).toEqual([
    'batchsize: unknown option; did you mean batchSize?',
    'blurr: unknown option; did you mean blur?',
    'blur.treshold: unknown option; did you mean blur.threshold?',
    'blur.inner.dept: unknown option; did you mean blur.inner.depth?',
  ]);
  expect(problems({ zzzzzzzz: 1 })).toEqual(['zzzzzzzz: unknown option']);
  expect(problems({ batchSize: 1, blur: { threshold: 0.5 }, open: { anything: 1 } })).toEqual([]);
});

test('__proto__, constructor and prototype are refused anywhere, as keys or as a literal prototype', () => {
  expect(problems(JSON.parse('{"__proto__": {"batchSize": 7}}'))).toEqual(['__proto__: not allowed (a config is plain data)']);
  expect(problems({ blur: JSON.parse('{"constructor": {}}'), open: { deep: [{ prototype: 1 }] } })).toEqual(['blur.constructor: not allowed (a config is plain data)', 'open.deep.0.prototype: not allowed (a config is plain data)']);
  expect(problems({ blur: { __proto__: { threshold: 0.99 } } })).toEqual(['blur.__proto__: not allowed (a config is plain data)']);
});

test('did you mean: only near names', () => {
  expect(didYouMean('gpuworkers', ['workers', 'gpuWorkers'])).toBe('gpuWorkers');
  expect(didYouMean('qqq', ['workers', 'gpuWorkers'])).toBeNull();
});
