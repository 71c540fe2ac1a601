import { pickDiverse, type Candidate } from './farthest-point';

const c = (pos: number, scene: number, ...xs: number[]): Candidate => ({ pos, scene, vector: Float32Array.from(xs) });

test('every scene once (nearest its centroid) before any twice, then the farthest from what is kept; ties to the earliest', () => {
  const cands = [c(0, 0, 0, 0), c(1, 0, 1, 0), c(2, 0, 2, 0), c(3, 0, 10, 0), c(4, 1, 0, 50), c(5, 1, 0, 52)];
  // scene 0 centroid (3.25, 0): nearest is pos 2; scene 1 centroid (0, 51): pos 4 (the earlier of two equals)
  expect(pickDiverse(cands, 2)).toEqual([
    { pos: 2, reason: 'scene-cover' },
    { pos: 4, reason: 'scene-cover' },
  ]);
  expect(pickDiverse(cands, 3).map((p) => p.pos)).toEqual([2, 4, 3]);
  expect(pickDiverse(cands, 10).map((p) => p.pos).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  // fewer frames than scenes: the largest scene first, then the scene farthest from it
  expect(pickDiverse([...cands, c(6, 2, 1, 0)], 1)).toEqual([{ pos: 2, reason: 'scene-cover' }]);
  expect(pickDiverse(cands, 0)).toEqual([]);
});
