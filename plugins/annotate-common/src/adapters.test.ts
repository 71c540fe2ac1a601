import { iou, nmsClasswise } from './boxes';
import { COCO80_TO_COCO_ID, cocoCategory, contiguousOf } from './coco-categories';
import { decodeDFineHf, decodeDFineNative, origTargetSizes } from './d-fine';
import { frameUncertainty, scoreUncertainty } from './policy';
import { YOLOX_NORMALISATION, SAM2_NORMALISATION, letterbox, resizeBilinear, toChw } from './preprocess';
import { bestMask, boxPrompt, maskBox, maskFromLogits } from './sam2';
import { decodeYolox } from './yolox';

const rgb = (w: number, h: number, f: (x: number, y: number) => [number, number, number]) => {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(f(x, y), (y * w + x) * 3);
  return { width: w, height: h, channels: 3 as const, data };
};

describe('preprocessing', () => {
  test('letterbox puts the image top-left, pads with 114, and its ratio is relative to the original size', () => {
    const view = rgb(200, 100, () => [10, 20, 30]); // a 2000x1000 frame decoded at 200x100
    const lb = letterbox(view, 416, { width: 2000, height: 1000 });
    expect(lb.ratio).toBeCloseTo(0.208);
    const at = (x: number, y: number) => Array.from(lb.image.data.subarray((y * 416 + x) * 3, (y * 416 + x) * 3 + 3));
    expect(at(0, 0)).toEqual([10, 20, 30]);
    expect(at(415, 207)).toEqual([10, 20, 30]); // 1000 * 0.208 = 208 rows of image
    expect(at(415, 208)).toEqual([114, 114, 114]);
    expect(at(0, 415)).toEqual([114, 114, 114]);
  });

  test('toChw: BGR 0..255 for YOLOX, RGB with ImageNet mean/std for SAM 2, planar', () => {
    const view = rgb(2, 1, (x) => (x === 0 ? [255, 0, 0] : [0, 0, 255]));
    expect(Array.from(toChw(view, YOLOX_NORMALISATION))).toEqual([0, 255, 0, 0, 255, 0]); // B plane, G plane, R plane
    const t = toChw(view, SAM2_NORMALISATION);
    expect(t[0]).toBeCloseTo((1 - 0.485) / 0.229); // R of pixel 0
    expect(t[5]).toBeCloseTo((1 - 0.406) / 0.225); // B of pixel 1
    expect(() => toChw({ width: 2, height: 1, channels: 1, data: new Uint8Array(2) }, SAM2_NORMALISATION)).toThrow(/3 channels/);
  });

  test('bilinear resize keeps flat areas and the identity', () => {
    const v = rgb(4, 4, () => [7, 8, 9]);
    expect(resizeBilinear(v, 4, 4)).toBe(v);
    expect(new Set(resizeBilinear(v, 9, 3).data)).toEqual(new Set([7, 8, 9]));
  });
});

describe('YOLOX decoding', () => {
  test('decodes a cell of each stride, scales back by the ratio, clips, and suppresses within a class only', () => {
    const classes = 3;
    const cells = 52 * 52 + 26 * 26 + 13 * 13;
    const out = new Float32Array(cells * (5 + classes));
    const put = (cell: number, v: number[]) => out.set(v, cell * (5 + classes));
    // stride 8, cell (gx 10, gy 5): centre (10.5*8, 5.5*8) = (84, 44), w = h = 8 * e^1
    put(5 * 52 + 10, [0.5, 0.5, 1, 1, 0.9, 0.95, 0.01, 0.01]);
    // same place, same class, lower score: suppressed; another class: kept
    put(5 * 52 + 11, [-0.5, 0.5, 1, 1, 0.8, 0.9, 0.0, 0.0]);
    put(5 * 52 + 12, [-1.5, 0.5, 1, 1, 0.8, 0.0, 0.9, 0.0]);
    // stride 32 cell (0,0): a big box partly outside the image
    put(52 * 52 + 26 * 26, [0, 0, 3, 3, 0.9, 0, 0, 0.9]);
    const dets = decodeYolox(out, classes, { inputSize: 416, ratio: 0.5, width: 832, height: 600 });
    expect(dets).toHaveLength(3);
    const first = dets.find((d) => d.label === 0)!;
    const w = 8 * Math.E;
    expect(first.box[0]).toBeCloseTo((84 - w / 2) / 0.5, 3);
    expect(first.box[3]).toBeCloseTo((44 + w / 2) / 0.5, 3);
    expect(first.score).toBeCloseTo(0.9 * 0.95);
    expect(dets.find((d) => d.label === 2)!.box).toEqual([0, 0, expect.any(Number), expect.any(Number)]);
    expect(() => decodeYolox(new Float32Array(10), 80, { ratio: 1, width: 1, height: 1 })).toThrow(/3549 cells/);
  });

  test('class-wise NMS', () => {
    const a = { box: [0, 0, 10, 10] as const, label: 0, score: 0.9 };
    expect(nmsClasswise([a, { ...a, score: 0.5 }, { ...a, label: 1, score: 0.4 }], 0.45)).toHaveLength(2);
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(1 / 3);
  });
});

describe('D-FINE post-processing', () => {
  test('orig_target_sizes is [W, H] int64', () => {
    expect(Array.from(origTargetSizes([{ width: 1920, height: 1080 }, { width: 10, height: 20 }]))).toEqual([1920n, 1080n, 10n, 20n]);
  });
  test('native: keeps scores over the threshold, boxes in pixels as given, labels stay contiguous', () => {
    const dets = decodeDFineNative(
      { labels: BigInt64Array.from([0n, 2n, 5n]), boxes: Float32Array.from([10, 20, 30, 40, 0, 0, 2000, 50, 1, 1, 2, 2]), scores: Float32Array.from([0.9, 0.6, 0.1]) },
      0, 3, { width: 1920, height: 1080 }, 0.5,
    );
    expect(dets).toEqual([{ box: [10, 20, 30, 40], label: 0, score: expect.closeTo(0.9) }, { box: [0, 0, 1920, 50], label: 2, score: expect.closeTo(0.6) }]);
  });
  test('Hugging Face: sigmoid of logits, normalised cxcywh scaled by W and H', () => {
    const logits = new Float32Array(2 * 3).fill(-10);
    logits[1] = Math.log(0.8 / 0.2);
    const dets = decodeDFineHf({ logits, pred_boxes: Float32Array.from([0.5, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1]) }, 0, 2, 3, { width: 200, height: 100 }, 0.5);
    expect(dets).toEqual([{ box: [50, 25, 150, 75], label: 1, score: expect.closeTo(0.8) }]);
  });
  test('contiguous labels map to COCO ids (with their gaps) and back', () => {
    expect(cocoCategory(0)).toEqual({ id: 1, name: 'person' });
    expect(cocoCategory(11)).toEqual({ id: 13, name: 'stop sign' });
    expect(cocoCategory(79)).toEqual({ id: 90, name: 'toothbrush' });
    expect(COCO80_TO_COCO_ID).toHaveLength(80);
    expect(contiguousOf(90)).toBe(79);
    expect(contiguousOf(12)).toBe(-1);
    expect(() => cocoCategory(80)).toThrow(/outside the 80 COCO classes/);
  });
});

describe('SAM 2 adapters', () => {
  test('box prompts are scaled per axis into the 1024 frame and labelled 2, 3', () => {
    const p = boxPrompt([100, 50, 300, 150], 2000, 500);
    expect(Array.from(p.pointCoords)).toEqual([51.2, 102.4, 153.6, 307.2].map((v) => expect.closeTo(v, 3)));
    expect(Array.from(p.pointLabels)).toEqual([2, 3]);
  });
  test('low-res logits are resized to the original size and thresholded at 0', () => {
    const side = 8;
    const logits = new Float32Array(side * side).fill(-5);
    for (let y = 2; y < 6; y++) for (let x = 4; x < 8; x++) logits[y * side + x] = 5;
    const mask = maskFromLogits(logits, side, 40, 20);
    expect(maskBox(mask, 40, 20)).toEqual([20, 5, 40, 15]);
    expect(bestMask(Float32Array.from([0.1, 0.8, 0.3]), 3)).toEqual({ index: 1, score: expect.closeTo(0.8) });
  });
});

describe('uncertainty policy', () => {
  test('scores in the band are uncertain, most at its middle; outside it not', () => {
    const band = { low: 0.3, high: 0.5 };
    expect(scoreUncertainty(0.4, band)).toBeCloseTo(1);
    expect(scoreUncertainty(0.3, band)).toBeGreaterThan(0);
    expect(scoreUncertainty(0.5, band)).toBe(0);
    expect(scoreUncertainty(0.2, band)).toBe(0);
    expect(frameUncertainty([{ box: [0, 0, 1, 1], label: 0, score: 0.9 }, { box: [0, 0, 1, 1], label: 0, score: 0.45 }], band)).toEqual({ uncertainty: 0.5, uncertain: 1 });
  });
});
