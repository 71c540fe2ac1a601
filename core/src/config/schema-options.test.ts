import { Type } from '@sinclair/typebox';
import { describeOptions, mergeConfig, parseOptionArgs, splitOptionArgs } from './schema-options';

const schema = Type.Object({
  batchSize: Type.Integer({ default: 512 }),
  stages: Type.Array(Type.String()),
  blur: Type.Object({ thresholdRatio: Type.Number({ default: 0.45, description: 'ratio' }), enabled: Type.Boolean({ default: true }), mode: Type.Union([Type.Literal('a'), Type.Literal('b')], { default: 'a' }) }),
});
const options = describeOptions(schema);

test('flattens schemas into kebab-case dotted flags with defaults', () => {
  expect(options.map((o) => o.flag)).toEqual(['batch-size', 'stages', 'blur.threshold-ratio', 'blur.enabled', 'blur.mode']);
  expect(options[2]).toMatchObject({ type: 'number', default: 0.45, description: 'ratio' });
  expect(options[4].choices).toEqual(['a', 'b']);
});

test('parses values by type, --flag=value, and --no-flag', () => {
  expect(parseOptionArgs(['--batch-size', '256', '--blur.threshold-ratio=0.5', '--no-blur.enabled', '--blur.mode', 'b'], options)).toEqual({
    batchSize: 256,
    blur: { thresholdRatio: 0.5, enabled: false, mode: 'b' },
  });
  expect(() => parseOptionArgs(['--blur.threshold-ratio', 'x'], options)).toThrow('expected a number');
  expect(() => parseOptionArgs(['--nope', '1'], options)).toThrow('unknown option --nope');
});

test('a repeated list option adds to the list; a repeated value replaces', () => {
  expect(parseOptionArgs(['--stages', 'blur', '--stages', 'idle,dedup', '--batch-size', '8', '--batch-size', '16'], options)).toEqual({ stages: ['blur', 'idle', 'dedup'], batchSize: 16 });
});

test('separates schema options from the command fixed flags', () => {
  expect(splitOptionArgs(['--input', 'a', '--batch-size', '8', '--blur.enabled', '--json'], options)).toEqual({ options: ['--batch-size', '8', '--blur.enabled'], rest: ['--input', 'a', '--json'] });
});

test('merges config sources, later winning, arrays replaced', () => {
  expect(mergeConfig({ a: { b: 1, c: [1] } }, { a: { c: [2] } }, { a: { d: 3 } })).toEqual({ a: { b: 1, c: [2], d: 3 } });
});

test('a __proto__ key stays a key when merged, never the prototype of the result', () => {
  const merged = mergeConfig(JSON.parse('{"__proto__": {"batchSize": 7}}'), { blur: { mode: 'b' } });
  expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  expect(Object.keys(merged)).toEqual(['__proto__', 'blur']);
  expect((merged as { batchSize?: number }).batchSize).toBeUndefined();
});
