import { isValUnit, StreamSplitter, type SplitOptions } from './split';

const opts = (over: Partial<SplitOptions>): SplitOptions => ({ split: 'blocks', val: 0.2, blockFrames: 10, guard: 2, ...over });

test('val units are evenly spread and make the fraction asked for', () => {
  const units = Array.from({ length: 100 }, (_, u) => isValUnit(u, 0.2));
  expect(units.filter(Boolean)).toHaveLength(20);
  expect(units.slice(0, 10)).toEqual([false, false, true, false, false, false, false, true, false, false]);
  expect(Array.from({ length: 10 }, (_, u) => isValUnit(u, 0)).some(Boolean)).toBe(false);
});

test('time blocks: no two neighbouring frames on both sides, and a guard gap at each change', () => {
  const s = new StreamSplitter(opts({}));
  const got = Array.from({ length: 100 }, (_, f) => s.splitOf(f, 'x', null));
  for (let f = 1; f < got.length; f++) if (got[f] && got[f - 1]) expect(got[f]).toBe(got[f - 1]);
  expect(got.slice(18, 33)).toEqual(['train', 'train', null, null, 'val', 'val', 'val', 'val', 'val', 'val', 'val', 'val', null, null, 'train']);
  expect(got.filter((x) => x === 'val')).toHaveLength(2 * 8);
});

test('scenes: a scene is on one side; the first frames after a change of side are left out', () => {
  const s = new StreamSplitter(opts({ split: 'scenes', val: 0.5, guard: 1 }));
  const scenes = [0, 0, 0, 1, 1, 1, 2, 2];
  expect(scenes.map((sc, f) => s.splitOf(f, 'x', sc))).toEqual(['val', 'val', 'val', null, 'train', 'train', null, 'val']);
});
