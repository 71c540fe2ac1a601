/**
 * Test-only ONNX graphs with the exact input/output names, element types and dims of the real exports
 * (see ../../README.md), built with onnx-proto at test time. They carry `winnow_fake=true` in their metadata
 * and are excluded from the package build: never ship them.
 */
import { onnx } from 'onnx-proto';

const F = onnx.TensorProto.DataType.FLOAT;
const I64 = onnx.TensorProto.DataType.INT64;
type Dim = number | string;

function vi(name: string, elemType: number, dims: readonly Dim[]): onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } };
}

function f32(name: string, dims: readonly number[], values: ArrayLike<number>): onnx.ITensorProto {
  return { name, dataType: F, dims: [...dims], rawData: new Uint8Array(Float32Array.from(values).buffer) };
}

function i64(name: string, dims: readonly number[], values: readonly number[]): onnx.ITensorProto {
  return { name, dataType: I64, dims: [...dims], rawData: new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer) };
}

function node(op: string, inputs: string[], outputs: string[], attrs: Record<string, number | number[]> = {}): onnx.INodeProto {
  const attribute = Object.entries(attrs).map(([name, v]) =>
    Array.isArray(v) ? { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v } : { name, type: onnx.AttributeProto.AttributeType.INT, i: v },
  );
  return { opType: op, input: inputs, output: outputs, attribute };
}

function model(name: string, nodes: onnx.INodeProto[], inits: onnx.ITensorProto[], inputs: onnx.IValueInfoProto[], outputs: onnx.IValueInfoProto[]): Uint8Array {
  const m = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'winnow-test-fake',
    opsetImport: [{ domain: '', version: 13 }],
    metadataProps: [{ key: 'winnow_fake', value: 'true' }],
    graph: { name, node: nodes, initializer: inits, input: inputs, output: outputs },
  });
  return onnx.ModelProto.encode(m).finish();
}

export interface FakeDetection {
  /** Fraction of the image [x1, y1, x2, y2]. */
  readonly unitBox: readonly [number, number, number, number];
  /** Contiguous label 0..79. */
  readonly label: number;
  /** Score for a white image; the fake scales it by the image's mean (0..1). */
  readonly score: number;
}

export interface FakeDFineOptions {
  readonly detections: readonly FakeDetection[];
  /** Reads orig_target_sizes as [H, W] (a broken export): boxes come out transposed. */
  readonly readsHeightFirst?: boolean;
  /** Leaves out the orig_target_sizes input (a broken export). */
  readonly withoutSizes?: boolean;
}

/**
 * A fake D-FINE native export: `images` float32 [N,3,640,640], `orig_target_sizes` int64 [N,2] -> `labels`
 * int64 [N,Q], `boxes` float32 [N,Q,4] = unit boxes x [W,H,W,H] from orig_target_sizes, `scores` float32
 * [N,Q] = score x mean(image).
 */
export function fakeDFineNative(opts: FakeDFineOptions): Uint8Array {
  const q = opts.detections.length;
  const inits = [
    f32('unit', [1, q, 4], opts.detections.flatMap((d) => [...d.unitBox])),
    f32('w', [1, q], opts.detections.map((d) => d.score)),
    i64('lab', [1, q], opts.detections.map((d) => d.label)),
    f32('zeros', [1, q], new Array(q).fill(0)),
    i64('ax1', [1], [1]),
  ];
  if (opts.readsHeightFirst) inits.push(i64('swap', [2], [1, 0]));
  const nodes = [
    node('ReduceMean', ['images'], ['mean'], { axes: [1, 2, 3], keepdims: 0 }),
    node('Unsqueeze', ['mean', 'ax1'], ['mean1']),
    node('Mul', ['mean1', 'w'], ['scores']),
    node('Mul', ['mean1', 'zeros'], ['z']),
    node('Cast', ['z'], ['zi'], { to: I64 }),
    node('Add', ['zi', 'lab'], ['labels']),
  ];
  const inputs = [vi('images', F, ['N', 3, 640, 640])];
  if (opts.withoutSizes) {
    inits.push(f32('wh4', [1, 1, 4], [640, 640, 640, 640]));
    nodes.push(node('Mul', ['unit', 'wh4'], ['boxes']));
  } else {
    inputs.push(vi('orig_target_sizes', I64, ['N', 2]));
    nodes.push(
      node('Cast', ['orig_target_sizes'], ['sz'], { to: F }),
      ...(opts.readsHeightFirst ? [node('Gather', ['sz', 'swap'], ['szs'], { axis: 1 })] : [node('Identity', ['sz'], ['szs'])]),
      node('Concat', ['szs', 'szs'], ['wh4'], { axis: 1 }),
      node('Unsqueeze', ['wh4', 'ax1'], ['wh4u']),
      node('Mul', ['unit', 'wh4u'], ['boxes']),
    );
  }
  return model('fake-d-fine-native', nodes, inits, inputs, [vi('labels', I64, ['N', q]), vi('boxes', F, ['N', q, 4]), vi('scores', F, ['N', q])]);
}

/**
 * A fake Hugging Face D-FINE: `pixel_values` [B,3,640,640] -> `logits` [B,Q,80] (the detection's label gets
 * logit(score), every other class -10) and `pred_boxes` [B,Q,4] normalised cxcywh.
 */
export function fakeDFineHf(detections: readonly FakeDetection[]): Uint8Array {
  const q = detections.length;
  const logits = new Array(q * 80).fill(-10);
  detections.forEach((d, i) => (logits[i * 80 + d.label] = Math.log(d.score / (1 - d.score))));
  const boxes = detections.flatMap((d) => {
    const [x1, y1, x2, y2] = d.unitBox;
    return [(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1];
  });
  const inits = [f32('lg', [1, q, 80], logits), f32('pb', [1, q, 4], boxes), f32('zero', [1], [0]), i64('ax12', [2], [1, 2])];
  const nodes = [
    node('ReduceMean', ['pixel_values'], ['mean'], { axes: [1, 2, 3], keepdims: 0 }),
    node('Unsqueeze', ['mean', 'ax12'], ['mean3']),
    node('Mul', ['mean3', 'zero'], ['z']),
    node('Add', ['z', 'lg'], ['logits']),
    node('Add', ['z', 'pb'], ['pred_boxes']),
  ];
  return model('fake-d-fine-hf', nodes, inits, [vi('pixel_values', F, ['B', 3, 640, 640])], [vi('logits', F, ['B', q, 80]), vi('pred_boxes', F, ['B', q, 4])]);
}

/** A fake SAM 2 encoder: pooled image through 1x1 convolutions, with the real names and dims. */
export function fakeSam2Encoder(): Uint8Array {
  const w = (c: number) => f32(`w${c}`, [c, 3, 1, 1], Array.from({ length: c * 3 }, (_, i) => ((i % 7) - 3) / 10));
  const nodes = [
    node('AveragePool', ['image'], ['p4'], { kernel_shape: [4, 4], strides: [4, 4] }),
    node('AveragePool', ['image'], ['p8'], { kernel_shape: [8, 8], strides: [8, 8] }),
    node('AveragePool', ['image'], ['p16'], { kernel_shape: [16, 16], strides: [16, 16] }),
    node('Conv', ['p4', 'w32'], ['high_res_feats_0']),
    node('Conv', ['p8', 'w64'], ['high_res_feats_1']),
    node('Conv', ['p16', 'w256'], ['image_embed']),
  ];
  return model('fake-sam2-encoder', nodes, [w(32), w(64), w(256)], [vi('image', F, [1, 3, 1024, 1024])], [
    vi('high_res_feats_0', F, [1, 32, 256, 256]),
    vi('high_res_feats_1', F, [1, 64, 128, 128]),
    vi('image_embed', F, [1, 256, 64, 64]),
  ]);
}

export interface FakeSam2DecoderOptions {
  /** iou_predictions of the three candidate masks. @default [0.6, 0.9, 0.7] */
  readonly iou?: readonly [number, number, number];
  /** Shifts the mask right by this many 1024-frame pixels (a mask that does not match its box). @default 0 */
  readonly shift?: number;
}

/**
 * A fake SAM 2 decoder: the mask logits are the signed distance (in 1024-frame pixels) to the box spanned by
 * the two prompt points, at the 256 x 256 low-res pixel centres, so the thresholded mask is that box.
 */
export function fakeSam2Decoder(opts: FakeSam2DecoderOptions = {}): Uint8Array {
  const gx = Array.from({ length: 256 }, (_, i) => (i + 0.5) * 4 - (opts.shift ?? 0));
  const inits = [
    f32('gx', [1, 1, 1, 256], gx),
    f32('gy', [1, 1, 256, 1], Array.from({ length: 256 }, (_, i) => (i + 0.5) * 4)),
    i64('shape4', [2], [-1, 4]),
    i64('shape1', [4], [-1, 1, 1, 1]),
    f32('iou', [1, 3], [...(opts.iou ?? [0.6, 0.9, 0.7])]),
    f32('zero', [1], [0]),
  ];
  const nodes = [
    node('Reshape', ['point_coords', 'shape4'], ['pc']),
    node('Split', ['pc'], ['x1a', 'y1a', 'x2a', 'y2a'], { axis: 1 }),
    ...['x1', 'y1', 'x2', 'y2'].map((n) => node('Reshape', [`${n}a`, 'shape1'], [n])),
    node('Sub', ['gx', 'x1'], ['a']),
    node('Sub', ['x2', 'gx'], ['b']),
    node('Sub', ['gy', 'y1'], ['c']),
    node('Sub', ['y2', 'gy'], ['d']),
    node('Min', ['a', 'b'], ['mx']),
    node('Min', ['c', 'd'], ['my']),
    node('Min', ['mx', 'my'], ['m']),
    node('Concat', ['m', 'm', 'm'], ['masks'], { axis: 1 }),
    node('ReduceMean', ['point_labels'], ['pl'], { axes: [1], keepdims: 1 }),
    node('Mul', ['pl', 'zero'], ['plz']),
    node('Add', ['plz', 'iou'], ['iou_predictions']),
  ];
  return model('fake-sam2-decoder', nodes, inits, [
    vi('image_embed', F, [1, 256, 64, 64]),
    vi('high_res_feats_0', F, [1, 32, 256, 256]),
    vi('high_res_feats_1', F, [1, 64, 128, 128]),
    vi('point_coords', F, ['L', 'P', 2]),
    vi('point_labels', F, ['L', 'P']),
    vi('mask_input', F, ['L', 1, 256, 256]),
    vi('has_mask_input', F, [1]),
  ], [vi('masks', F, ['L', 3, 256, 256]), vi('iou_predictions', F, ['L', 3])]);
}

/** Something that is a valid ONNX graph but none of the known exports. */
export function fakeUnknownModel(): Uint8Array {
  return model('fake-unknown', [node('Relu', ['x'], ['y'])], [], [vi('x', F, [1, 8])], [vi('y', F, [1, 8])]);
}
