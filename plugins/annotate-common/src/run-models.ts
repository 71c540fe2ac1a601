import type { FrameView } from '@winnow/sdk';
import type * as ort from 'onnxruntime-node';
import { loadOrt } from './ort';
import { type Detection } from './boxes';
import { decodeDFineHf, decodeDFineNative, origTargetSizes } from './d-fine';
import { AnnotateError, AnnotateErrorCode } from './errors';
import type { LoadedModel } from './load-model';
import { D_FINE_NORMALISATION, SAM2_NORMALISATION, YOLOX_NORMALISATION, letterbox, stretch, toChw } from './preprocess';
import { SAM2_LOW_RES, SAM2_SIZE, bestMask, boxPrompt, maskFromLogits } from './sam2';
import { withScratch } from './scratch';
import { decodeYolox } from './yolox';

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface DetectOptions {
  readonly scoreThreshold: number;
  /** YOLOX only. @default 0.45 */
  readonly nmsIou?: number;
  /** Most frames in one inference, when the model's batch dim is symbolic (a fixed one takes one). @default 1 */
  readonly batch?: number;
}

/** One frame for a detector: its decoded RGB view and its original size (boxes come back in those pixels). */
export interface DetectInput {
  readonly view: FrameView;
  readonly original: Size;
}

function output(result: ort.InferenceSession.ReturnType, name: string, model: LoadedModel): ort.Tensor {
  const t = result[name];
  if (!t) throw new AnnotateError(AnnotateErrorCode.ModelMismatch, `${model.path} returned no output ${name}: not the export this step expects`);
  return t;
}

/** A fixed side of a square model input, or `fallback` when the dim is symbolic. */
function inputSide(model: LoadedModel, input: string, fallback: number): number {
  const shape = model.signature.inputs.find((i) => i.name === input)?.shape ?? [];
  const h = shape[2];
  const w = shape[3];
  if (typeof h === 'number' && typeof w === 'number' && h !== w) throw new AnnotateError(AnnotateErrorCode.ModelMismatch, `${model.path}: input ${input} is ${h}x${w}; only square inputs are supported`);
  return typeof h === 'number' ? h : fallback;
}

/** The most frames one inference of `model` takes through `input`: `wanted` when its batch dim is symbolic, else 1. */
function batchLimit(model: LoadedModel, input: string, wanted = 1): number {
  const n = model.signature.inputs.find((i) => i.name === input)?.shape[0];
  return typeof n === 'number' ? 1 : Math.max(1, wanted);
}

/** `infer` over `items` in groups of at most `limit`, results in the items' order. */
async function inGroups<T, R>(items: readonly T[], limit: number, infer: (group: readonly T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += limit) out.push(...(await infer(items.slice(i, i + limit))));
  return out;
}

/**
 * Runs `use` with a model input of `count` images of `width` x `height` (CHW float32), image i written by
 * `fill(i, data, offset)`; its data is borrowed from this thread's scratch pool for the time of `use`: inputs
 * are megabytes per frame.
 */
function withChwBatch<R>(count: number, width: number, height: number, fill: (i: number, data: Float32Array, offset: number) => void, use: (tensor: ort.Tensor) => Promise<R>): Promise<R> {
  const size = 3 * width * height;
  return withScratch(Float32Array, count * size, (data) => {
    for (let i = 0; i < count; i++) fill(i, data, i * size);
    return use(new (loadOrt().Tensor)('float32', data, [count, 3, height, width]));
  });
}

/** YOLOX: BGR letterbox (top-left, pad 114, 0..255), raw grid decode, class-wise NMS; frames batched when the model allows. */
export async function runYolox(model: LoadedModel, frames: readonly DetectInput[], opts: DetectOptions): Promise<Detection[][]> {
  const side = inputSide(model, 'images', 416);
  return inGroups(frames, batchLimit(model, 'images', opts.batch), (group) =>
    withScratch(Uint8Array, side * side * 3, (canvas) => {
      const ratios: number[] = [];
      const fill = (i: number, data: Float32Array, offset: number) => {
        const lb = letterbox(group[i].view, side, group[i].original, 114, canvas);
        ratios.push(lb.ratio);
        toChw(lb.image, YOLOX_NORMALISATION, data, offset);
      };
      return withChwBatch(group.length, side, side, fill, async (images) => {
        const out = output(await model.session.run({ images }), 'output', model);
        const per = Number(out.dims[1]) * Number(out.dims[2]);
        const classes = Number(out.dims[2]) - 5;
        return group.map(({ original }, i) =>
          decodeYolox((out.data as Float32Array).subarray(i * per, (i + 1) * per), classes, { inputSize: side, ratio: ratios[i], width: original.width, height: original.height, scoreThreshold: opts.scoreThreshold, nmsIou: opts.nmsIou }),
        );
      });
    }),
  );
}

/**
 * D-FINE, native or Hugging Face form by the session's names: RGB stretched to 640, /255; frames batched when
 * the model allows. The native form gets each original size as [W, H]; its boxes are checked to lie inside that
 * frame, so a model that reads the sizes as [H, W] fails loudly instead of producing stretched boxes.
 */
export async function runDFine(model: LoadedModel, frames: readonly DetectInput[], opts: DetectOptions): Promise<Detection[][]> {
  const hf = model.kind === 'd-fine-hf';
  const input = hf ? 'pixel_values' : 'images';
  const side = inputSide(model, input, 640);
  return inGroups(frames, batchLimit(model, input, opts.batch), (group) => {
    const fill = (i: number, data: Float32Array, offset: number) => void toChw(stretch(group[i].view, side, side), D_FINE_NORMALISATION, data, offset);
    return withChwBatch(group.length, side, side, fill, async (pixels) => {
      if (hf) {
        const r = await model.session.run({ pixel_values: pixels });
        const logits = output(r, 'logits', model);
        const boxes = output(r, 'pred_boxes', model);
        const out = { logits: logits.data as Float32Array, pred_boxes: boxes.data as Float32Array };
        return group.map(({ original }, n) => decodeDFineHf(out, n, Number(logits.dims[1]), Number(logits.dims[2]), original, opts.scoreThreshold));
      }
      const sizes = new (loadOrt().Tensor)('int64', origTargetSizes(group.map((f) => f.original)), [group.length, 2]);
      const r = await model.session.run({ images: pixels, orig_target_sizes: sizes });
      const labels = output(r, 'labels', model);
      const boxes = output(r, 'boxes', model);
      const scores = output(r, 'scores', model);
      const queries = Number(scores.dims[1]);
      const out = { labels: labels.data as BigInt64Array, boxes: boxes.data as Float32Array, scores: scores.data as Float32Array };
      return group.map(({ original }, n) => {
        checkInsideFrame(out.boxes.subarray(n * queries * 4, (n + 1) * queries * 4), out.scores.subarray(n * queries, (n + 1) * queries), opts.scoreThreshold, original, model);
        return decodeDFineNative(out, n, queries, original, opts.scoreThreshold);
      });
    });
  });
}

function checkInsideFrame(boxes: Float32Array, scores: Float32Array, threshold: number, size: Size, model: LoadedModel): void {
  const tolX = size.width * 0.02 + 1;
  const tolY = size.height * 0.02 + 1;
  for (let q = 0; q < scores.length; q++) {
    if (!(scores[q] >= threshold)) continue;
    const [x1, y1, x2, y2] = boxes.subarray(q * 4, q * 4 + 4);
    if (x1 < -tolX || y1 < -tolY || x2 > size.width + tolX || y2 > size.height + tolY) {
      throw new AnnotateError(
        AnnotateErrorCode.ModelOutput,
        `${model.path}: box [${[x1, y1, x2, y2].map((v) => v.toFixed(1)).join(', ')}] lies outside the ${size.width}x${size.height} frame given as orig_target_sizes [W, H] = [${size.width}, ${size.height}]; ` +
          'the model reads the sizes in another order or is not a D-FINE native export',
      );
    }
  }
}

export interface MaskResult {
  readonly mask: Uint8Array;
  /** The decoder's predicted IoU of the chosen mask. */
  readonly score: number;
}

/**
 * SAM 2 on one frame: the encoder once (RGB stretched to 1024, ImageNet mean/std), then the decoder once per
 * box with a two-point box prompt; the best of the candidate low-res masks is resized to the frame and
 * thresholded at logit 0.
 */
export async function runSam2(encoder: LoadedModel, decoder: LoadedModel, view: FrameView, original: Size, boxes: readonly (readonly [number, number, number, number])[]): Promise<MaskResult[]> {
  if (boxes.length === 0) return [];
  const image = stretch(view, SAM2_SIZE, SAM2_SIZE);
  const enc = await withChwBatch(1, SAM2_SIZE, SAM2_SIZE, (_, data, offset) => void toChw(image, SAM2_NORMALISATION, data, offset), (t) => encoder.session.run({ image: t }));
  const feeds: Record<string, ort.Tensor> = {
    image_embed: output(enc, 'image_embed', encoder),
    high_res_feats_0: output(enc, 'high_res_feats_0', encoder),
    high_res_feats_1: output(enc, 'high_res_feats_1', encoder),
    mask_input: new (loadOrt().Tensor)('float32', new Float32Array(SAM2_LOW_RES * SAM2_LOW_RES), [1, 1, SAM2_LOW_RES, SAM2_LOW_RES]),
    has_mask_input: new (loadOrt().Tensor)('float32', Float32Array.from([0]), [1]),
  };
  if (decoder.kind === 'sam2-decoder-orig-size') feeds.orig_im_size = new (loadOrt().Tensor)('int64', BigInt64Array.from([BigInt(original.height), BigInt(original.width)]), [2]);
  const results: MaskResult[] = [];
  for (const box of boxes) {
    const prompt = boxPrompt(box, original.width, original.height);
    const r = await decoder.session.run({ ...feeds, point_coords: new (loadOrt().Tensor)('float32', prompt.pointCoords, [1, 2, 2]), point_labels: new (loadOrt().Tensor)('float32', prompt.pointLabels, [1, 2]) });
    const masks = output(r, 'masks', decoder);
    const ious = output(r, 'iou_predictions', decoder);
    const candidates = Number(masks.dims[1]);
    const { index, score } = bestMask(ious.data as Float32Array, candidates);
    const mh = Number(masks.dims[2]);
    const mw = Number(masks.dims[3]);
    const plane = (masks.data as Float32Array).subarray(index * mh * mw, (index + 1) * mh * mw);
    let mask: Uint8Array;
    if (mh === original.height && mw === original.width) mask = Uint8Array.from(plane, (v) => (v > 0 ? 1 : 0));
    else if (mh === mw) mask = maskFromLogits(plane, mh, original.width, original.height);
    else throw new AnnotateError(AnnotateErrorCode.ModelOutput, `${decoder.path}: masks are ${mh}x${mw}, neither square low-res logits nor the ${original.height}x${original.width} frame`);
    results.push({ mask, score });
  }
  return results;
}
