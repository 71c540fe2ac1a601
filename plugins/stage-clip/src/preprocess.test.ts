import { CLIP_MEAN, CLIP_STD, bicubicKernel, clipCropPlan, clipPixelValues, resizeCropBicubic } from './preprocess';

function image(w: number, h: number, f: (x: number, y: number, c: number) => number): Uint8Array {
  const d = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) d[(y * w + x) * 3 + c] = f(x, y, c);
  return d;
}

describe('clipCropPlan', () => {
  test('short side to 224, long side floor(224 * long / short), centred crop at floor((resized - 224) / 2)', () => {
    expect(clipCropPlan(640, 360)).toEqual({ resizedWidth: 398, resizedHeight: 224, left: 87, top: 0, size: 224 });
    expect(clipCropPlan(360, 640)).toEqual({ resizedWidth: 224, resizedHeight: 398, left: 0, top: 87, size: 224 });
    expect(clipCropPlan(448, 448)).toEqual({ resizedWidth: 224, resizedHeight: 224, left: 0, top: 0, size: 224 });
    expect(clipCropPlan(100, 50)).toEqual({ resizedWidth: 448, resizedHeight: 224, left: 112, top: 0, size: 224 });
  });
  test('an empty picture is refused', () => {
    expect(() => clipCropPlan(0, 10)).toThrow(/nothing to crop/);
  });
});

describe('bicubic resize and crop', () => {
  test("Keys' kernel (a = -0.5) interpolates: 1 at 0, 0 at the other integers, support 2", () => {
    expect(bicubicKernel(0)).toBe(1);
    expect(bicubicKernel(1)).toBeCloseTo(0, 12);
    expect(bicubicKernel(-1)).toBeCloseTo(0, 12);
    expect(bicubicKernel(2)).toBeCloseTo(0, 12);
    expect(bicubicKernel(0.5)).toBeCloseTo(0.5625, 10);
    expect(bicubicKernel(1.5)).toBeCloseTo(-0.0625, 10);
  });

  test('a 224 x 224 picture comes back unchanged', () => {
    const d = image(224, 224, (x, y, c) => (x * 7 + y * 13 + c * 50) % 256);
    const out = resizeCropBicubic(d, 224, 224, 3, clipCropPlan(224, 224));
    expect(Array.from(out.subarray(0, 30))).toEqual(Array.from(d.subarray(0, 30)));
    let maxErr = 0;
    for (let i = 0; i < d.length; i++) maxErr = Math.max(maxErr, Math.abs(out[i] - d[i]));
    expect(maxErr).toBeLessThan(1e-9);
  });

  test('a flat picture stays flat at any scale (weights sum to 1)', () => {
    for (const [w, h] of [[640, 360], [300, 500], [120, 90]]) {
      const out = resizeCropBicubic(image(w, h, (_x, _y, c) => [10, 128, 250][c]), w, h, 3, clipCropPlan(w, h));
      let maxErr = 0;
      for (let i = 0; i < out.length; i++) maxErr = Math.max(maxErr, Math.abs(out[i] - [10, 128, 250][i % 3]));
      expect(maxErr).toBeLessThan(1e-4);
    }
  });

  test('shrinking is antialiased like PIL: a 1-pixel checkerboard halved becomes mid grey, not a moire', () => {
    const out = resizeCropBicubic(image(448, 448, (x, y) => ((x + y) % 2 ? 255 : 0)), 448, 448, 3, clipCropPlan(448, 448));
    let min = 255;
    let max = 0;
    // Away from the border, where the kernel is cut off.
    for (let y = 4; y < 220; y++) for (let x = 4; x < 220; x++) (min = Math.min(min, out[(y * 224 + x) * 3])), (max = Math.max(max, out[(y * 224 + x) * 3]));
    expect(min).toBeGreaterThan(126);
    expect(max).toBeLessThan(129);
  });

  test('a linear ramp stays linear inside the picture when halved', () => {
    const out = resizeCropBicubic(image(448, 448, (x) => x >> 1), 448, 448, 3, clipCropPlan(448, 448));
    // Output column o covers input columns 2o and 2o+1, both of value o.
    for (const o of [10, 50, 111, 200]) expect(out[(100 * 224 + o) * 3]).toBeCloseTo(o, 6);
  });

  test('the crop is the centre: a wide picture with a mark in its middle keeps the mark centred and drops the sides', () => {
    // 896 x 224: resized stays 896 x 224 (scale 1), crop columns 336..559.
    const d = image(896, 224, (x) => (x < 100 || x >= 796 ? 255 : x >= 440 && x < 456 ? 200 : 0));
    const out = resizeCropBicubic(d, 896, 224, 3, clipCropPlan(896, 224));
    expect(out[(100 * 224 + 0) * 3]).toBe(0);
    expect(out[(100 * 224 + 223) * 3]).toBe(0);
    expect(out[(100 * 224 + 104) * 3]).toBe(200);
    expect(out[(100 * 224 + 119) * 3]).toBe(200);
  });

  test('a buffer of the wrong size is refused', () => {
    expect(() => resizeCropBicubic(new Uint8Array(10), 4, 4, 3, clipCropPlan(4, 4))).toThrow(/expected 4x4x3/);
  });
});

describe('clipPixelValues', () => {
  test('CHW, /255, CLIP mean and std per channel', () => {
    const view = { width: 320, height: 240, channels: 3 as const, data: image(320, 240, (x, _y, c) => (c === 0 ? (x < 160 ? 255 : 0) : c === 1 ? 128 : 0)) };
    const px = clipPixelValues(view);
    expect(px.length).toBe(3 * 224 * 224);
    const at = (c: number, y: number, x: number) => px[c * 224 * 224 + y * 224 + x];
    expect(at(0, 100, 5)).toBeCloseTo((1 - CLIP_MEAN[0]) / CLIP_STD[0], 5);
    expect(at(0, 100, 218)).toBeCloseTo((0 - CLIP_MEAN[0]) / CLIP_STD[0], 5);
    expect(at(1, 7, 7)).toBeCloseTo((128 / 255 - CLIP_MEAN[1]) / CLIP_STD[1], 5);
    expect(at(2, 200, 100)).toBeCloseTo(-CLIP_MEAN[2] / CLIP_STD[2], 5);
  });

  test('a grey view is read as R = G = B', () => {
    const grey = { width: 224, height: 224, channels: 1 as const, data: new Uint8Array(224 * 224).fill(255) };
    const px = clipPixelValues(grey);
    for (let c = 0; c < 3; c++) expect(px[c * 224 * 224 + 1000]).toBeCloseTo((1 - CLIP_MEAN[c]) / CLIP_STD[c], 5);
  });

  test('a 16:9 view of CLIP_VIEW_SIDE (448 x 252) is only shrunk', () => {
    expect(clipCropPlan(448, 252)).toEqual({ resizedWidth: 398, resizedHeight: 224, left: 87, top: 0, size: 224 });
  });
});
