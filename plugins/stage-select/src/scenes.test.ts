import { segmentScenes } from './scenes';

const v = (x: number) => Float32Array.from([x, -x, x, -x]);

test('a new scene opens where minFrames deciding frames in a row are far from the scene\'s anchor; frames without a vector follow', () => {
  const vectors = [null, v(1), v(1.1), v(0.9), v(-1), v(-1), v(-1), v(1), v(-1), null, v(-1)];
  expect(segmentScenes(vectors, 0.8, 1)).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 3, 3, 3]);
  expect(segmentScenes(vectors, 0.8, 2)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]); // the one-frame flash at 7 opens nothing
  expect(segmentScenes(vectors, 0.8, 4)).toEqual(Array(11).fill(0)); // no run of 4 far frames
  expect(segmentScenes([null, null], 0.8, 2)).toEqual([0, 0]);
});
