import { DEFAULT_FRAME_PATTERN, compileFramePattern } from './frame-name';
import { scanNames } from './scan';

test('orders numerically and records gaps, duplicate indices and foreign files', () => {
  const r = scanNames(['image_10.jpg', 'image_2.jpg', 'image_0.jpg', 'image_1.png', 'image_01.jpg', 'Thumbs.db', 'notes.txt', 'image_3.JPG', 'sub/'], DEFAULT_FRAME_PATTERN);
  expect(r.frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 10]);
  expect(r.gaps).toEqual([[4, 9]]);
  expect(r.duplicateIndices).toEqual([{ index: 1, kept: 'image_01.jpg', dropped: 'image_1.png' }]);
  expect(r.foreign).toEqual(['Thumbs.db', 'notes.txt', 'sub/']);
});

test('a custom pattern needs one capture group', () => {
  expect(scanNames(['frame-0007.jpg'], '^frame-(\\d+)\\.jpg$').frames).toEqual([{ index: 7, name: 'frame-0007.jpg' }]);
  expect(() => compileFramePattern('^frame-\\d+\\.jpg$')).toThrow('capture group');
  expect(() => compileFramePattern('([')).toThrow('not a valid regular expression');
});
