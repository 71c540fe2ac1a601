/**
 * Test-only CLIP image encoders built with onnx-proto at test time, with the real export's names, element types
 * and dims (`pixel_values` float32 [N,3,224,224] -> `image_embeds` float32 [N,512]). They carry
 * `winnow_fake=true` in their metadata and are excluded from the package build: never ship them.
 */
import { onnx } from 'onnx-proto';

const F = onnx.TensorProto.DataType.FLOAT;
const I64 = onnx.TensorProto.DataType.INT64;

function vi(name: string, elemType: number, dims: readonly (number | string)[]): onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } };
}

function node(op: string, inputs: string[], outputs: string[], attrs: Record<string, number | number[]> = {}): onnx.INodeProto {
  const attribute = Object.entries(attrs).map(([name, v]) =>
    Array.isArray(v) ? { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v } : { name, type: onnx.AttributeProto.AttributeType.INT, i: v },
  );
  return { opType: op, input: inputs, output: outputs, attribute };
}

export interface FakeClipOptions {
  /** @default 'pixel_values' */
  readonly inputName?: string;
  /** @default 'image_embeds' */
  readonly outputName?: string;
  /** Side of the square input. @default 224 */
  readonly size?: number;
  /** Embedding size. @default 512 */
  readonly dim?: number;
  /** Element type of the input. @default float32 */
  readonly inputType?: 'float32' | 'float16';
  /** Seed of the fixed projection. @default 1 */
  readonly seed?: number;
}

/** The fixed pseudo-random projection (uniform in [-1, 1)) of the fake: a plain LCG, so it is the same everywhere. */
export function fakeProjection(rows: number, cols: number, seed = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const w = new Float32Array(rows * cols);
  for (let i = 0; i < w.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    w[i] = (s / 4294967296) * 2 - 1;
  }
  return w;
}

/**
 * A fake CLIP image encoder: the image average-pooled to 8 x 8 per channel (192 values), centred (its own mean
 * removed), times a fixed 192 x D projection. Near-duplicate pictures get near-identical embeddings, different
 * scenes different ones; the output is not normalised (like the real `image_embeds`).
 */
export function fakeClip(opts: FakeClipOptions = {}): Uint8Array {
  const size = opts.size ?? 224;
  const dim = opts.dim ?? 512;
  const input = opts.inputName ?? 'pixel_values';
  const output = opts.outputName ?? 'image_embeds';
  const k = Math.floor(size / 8);
  const features = 3 * 8 * 8;
  const inits: onnx.ITensorProto[] = [
    { name: 'proj', dataType: F, dims: [features, dim], rawData: new Uint8Array(fakeProjection(features, dim, opts.seed ?? 1).buffer) },
    { name: 'flat', dataType: I64, dims: [2], rawData: new Uint8Array(BigInt64Array.from([0n, BigInt(features)]).buffer) },
  ];
  const nodes: onnx.INodeProto[] = [];
  let x = input;
  if (opts.inputType === 'float16') {
    nodes.push(node('Cast', [input], ['x32'], { to: F }));
    x = 'x32';
  }
  nodes.push(
    node('AveragePool', [x], ['pooled'], { kernel_shape: [k, k], strides: [k, k] }),
    node('Reshape', ['pooled', 'flat'], ['feat']),
    node('ReduceMean', ['feat'], ['mu'], { axes: [1], keepdims: 1 }),
    node('Sub', ['feat', 'mu'], ['centred']),
    node('MatMul', ['centred', 'proj'], [output]),
  );
  const m = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'winnow-test-fake',
    opsetImport: [{ domain: '', version: 13 }],
    metadataProps: [
      { key: 'winnow_fake', value: 'true' },
      { key: 'winnow_fake_of', value: 'CLIP image encoder (pooled 8x8 image times a fixed projection)' },
    ],
    graph: {
      name: 'fake-clip-image-encoder',
      node: nodes,
      initializer: inits,
      input: [vi(input, opts.inputType === 'float16' ? onnx.TensorProto.DataType.FLOAT16 : F, ['N', 3, size, size])],
      output: [vi(output, F, ['N', dim])],
    },
  });
  return onnx.ModelProto.encode(m).finish();
}
