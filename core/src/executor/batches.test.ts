import type { CatalogFrame } from '../ingest/catalog';
import { batchesOf } from './batches';

const frame = (index: number) => ({ index }) as CatalogFrame;

test('batches are aligned on frame indices, so a gap or new frames only touch their own batch', () => {
  const b = batchesOf([0, 1, 2, 5, 9, 10, 11].map(frame), 4);
  expect(b.map((x) => [x.start, x.end, x.frames.map((f) => f.index)])).toEqual([
    [0, 3, [0, 1, 2]],
    [4, 7, [5]],
    [8, 11, [9, 10, 11]],
  ]);
});
