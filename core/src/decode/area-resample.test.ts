import { resampleArea } from './area-resample';

test('averages exact integer blocks', () => {
  const src = Uint8Array.from([0, 2, 10, 20, 4, 6, 30, 40]); // 4x2 grey
  expect([...resampleArea(src, 4, 2, 1, 2, 1)]).toEqual([3, 25]);
});

test('keeps a uniform image uniform at fractional scales, per channel', () => {
  const src = new Uint8Array(7 * 5 * 3);
  for (let i = 0; i < src.length; i += 3) src.set([10, 100, 200], i);
  const out = resampleArea(src, 7, 5, 3, 3, 2);
  for (let i = 0; i < out.length; i += 3) expect([out[i], out[i + 1], out[i + 2]]).toEqual([10, 100, 200]);
});
