import { laplacian4 } from './laplacian';

/** Straightforward reference: every sample through the reflect-101 rule. */
function reference(src: ArrayLike<number>, w: number, h: number): number[] {
  const r = (i: number, n: number) => (n === 1 ? 0 : i < 0 ? -i : i >= n ? 2 * n - 2 - i : i);
  const at = (x: number, y: number) => src[r(y, h) * w + r(x, w)];
  const out: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.push(at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4 * at(x, y));
  return out;
}

describe('laplacian4', () => {
  it.each([
    [5, 4],
    [1, 1],
    [1, 7],
    [7, 1],
    [2, 3],
  ])('matches the reflect-101 reference on %ix%i', (w, h) => {
    const src = Uint8Array.from({ length: w * h }, (_, i) => (i * 37 + 11) % 256);
    const res = laplacian4(src, w, h);
    const ref = reference(src, w, h);
    expect(Array.from(res.response)).toEqual(ref);
    expect(res.sum).toBe(ref.reduce((a, b) => a + b, 0));
    expect(res.squares).toBe(ref.reduce((a, b) => a + b * b, 0));
    expect(res.inputSum).toBe(src.reduce((a, b) => a + b, 0));
  });
  it('applies to its own integer output (second pass)', () => {
    const src = Uint8Array.from({ length: 30 }, (_, i) => (i * 53) % 256);
    const first = laplacian4(src, 6, 5);
    expect(Array.from(laplacian4(first.response, 6, 5).response)).toEqual(reference(first.response, 6, 5));
  });
  it('matches OpenCV on a single bright pixel', () => {
    const src = new Uint8Array(25);
    src[12] = 10;
    const expected = new Array(25).fill(0);
    expected[12] = -40;
    for (const p of [7, 11, 13, 17]) expected[p] = 10;
    expect(Array.from(laplacian4(src, 5, 5).response)).toEqual(expected);
  });
  it('mirrors across the edge without repeating it (reflect-101)', () => {
    // 3x3, bright centre: each edge-middle pixel sees the centre twice (x-1 and x+1 both map to it).
    const src = new Uint8Array(9);
    src[4] = 10;
    expect(Array.from(laplacian4(src, 3, 3).response)).toEqual([0, 20, 0, 20, -40, 20, 0, 20, 0]);
  });
});
