import { maskToPolygons, polygonsToMask, signedArea } from './polygons';
import { countsToString, decodeRle, encodeRle, maskRuns, rleArea, stringToCounts } from './rle';

function maskOf(rows: string[]): { mask: Uint8Array; w: number; h: number } {
  const h = rows.length;
  const w = rows[0].length;
  const mask = new Uint8Array(w * h);
  rows.forEach((r, y) => [...r].forEach((c, x) => (mask[y * w + x] = c === '#' ? 1 : 0)));
  return { mask, w, h };
}

describe('COCO RLE', () => {
  test('column-major runs starting with background, compressed like pycocotools', () => {
    const { mask, w, h } = maskOf(['.#.', '.##', '...']);
    expect(maskRuns(mask, w, h)).toEqual([3, 2, 2, 1, 1]);
    // runs 3 2 2 1 1; from the 4th on each is written as the difference to the run two back (1-2 = -1 -> 'O')
    expect(encodeRle(mask, w, h)).toEqual({ size: [3, 3], counts: '322OO' });
    expect(decodeRle(encodeRle(mask, w, h))).toEqual(mask);
    expect(rleArea(encodeRle(mask, w, h))).toBe(3);
  });
  test('large and negative deltas survive the string form', () => {
    const counts = [0, 100000, 5, 3, 70000, 1, 2];
    expect(stringToCounts(countsToString(counts))).toEqual(counts);
  });
  test('a random mask round-trips', () => {
    const w = 37;
    const h = 23;
    const mask = Uint8Array.from({ length: w * h }, (_, i) => ((i * 7919) % 13 < 5 ? 1 : 0));
    expect(decodeRle(encodeRle(mask, w, h))).toEqual(mask);
  });
});

describe('polygons', () => {
  test('outer boundary along pixel edges, clockwise, rasterising back to the same mask', () => {
    const { mask, w, h } = maskOf(['......', '.###..', '.####.', '.###..', '......']);
    const polys = maskToPolygons(mask, w, h);
    expect(polys).toHaveLength(1);
    expect(signedArea(polys[0])).toBe(10);
    expect(polygonsToMask(polys, w, h)).toEqual(mask);
  });
  test('diagonal neighbours are separate polygons; holes are dropped', () => {
    const diag = maskOf(['#.', '.#']);
    expect(maskToPolygons(diag.mask, diag.w, diag.h)).toHaveLength(2);
    const ring = maskOf(['###', '#.#', '###']);
    const polys = maskToPolygons(ring.mask, ring.w, ring.h);
    expect(polys).toHaveLength(1);
    expect(signedArea(polys[0])).toBe(9);
  });
  test('simplification keeps a polygon of at least three points', () => {
    const w = 40;
    const h = 40;
    const mask = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if ((x - 20) ** 2 + (y - 20) ** 2 < 225) mask[y * w + x] = 1;
    const exact = maskToPolygons(mask, w, h)[0];
    const simple = maskToPolygons(mask, w, h, 1)[0];
    expect(simple.length).toBeLessThan(exact.length);
    expect(simple.length).toBeGreaterThanOrEqual(6);
    expect(Math.abs(signedArea(simple) - signedArea(exact)) / signedArea(exact)).toBeLessThan(0.05);
  });
});
