import { AnnotateError, AnnotateErrorCode } from './errors';
import { formatSignature, type ModelSignature, type TensorSpec } from './model-signature';

/** The exports Winnow knows how to drive. See ../README.md for where each comes from. */
export type ModelKind = 'yolox' | 'd-fine-native' | 'd-fine-hf' | 'sam2-encoder' | 'sam2-decoder' | 'sam2-decoder-orig-size' | 'sam2-transformers-js';

/** A dim the model must have: a number, `*` for anything (symbolic or not). */
type Dim = number | '*';
interface Expected {
  readonly name: string;
  readonly type: string;
  readonly shape: readonly Dim[];
}
interface KindSpec {
  readonly kind: ModelKind;
  readonly family: 'detector' | 'segmenter';
  readonly description: string;
  readonly inputs: readonly Expected[];
  readonly outputs: readonly Expected[];
}

const f32 = 'float32';
const i64 = 'int64';
const SAM2_DECODER_IN: Expected[] = [
  { name: 'image_embed', type: f32, shape: ['*', 256, 64, 64] },
  { name: 'high_res_feats_0', type: f32, shape: ['*', 32, 256, 256] },
  { name: 'high_res_feats_1', type: f32, shape: ['*', 64, 128, 128] },
  { name: 'point_coords', type: f32, shape: ['*', '*', 2] },
  { name: 'point_labels', type: f32, shape: ['*', '*'] },
  { name: 'mask_input', type: f32, shape: ['*', 1, 256, 256] },
  { name: 'has_mask_input', type: f32, shape: [1] },
];

/** Every known export, with the exact names, element types and dims it must have. */
export const KNOWN_MODELS: readonly KindSpec[] = [
  {
    kind: 'yolox',
    family: 'detector',
    description: 'YOLOX (Megvii export): raw grid output, not decoded',
    inputs: [{ name: 'images', type: f32, shape: ['*', 3, '*', '*'] }],
    outputs: [{ name: 'output', type: f32, shape: ['*', '*', '*'] }],
  },
  {
    kind: 'd-fine-native',
    family: 'detector',
    description: "D-FINE native export (tools/deployment/export_onnx.py; RT-DETR's form)",
    inputs: [
      { name: 'images', type: f32, shape: ['*', 3, 640, 640] },
      { name: 'orig_target_sizes', type: i64, shape: ['*', 2] },
    ],
    outputs: [
      { name: 'labels', type: i64, shape: ['*', '*'] },
      { name: 'boxes', type: f32, shape: ['*', '*', 4] },
      { name: 'scores', type: f32, shape: ['*', '*'] },
    ],
  },
  {
    kind: 'd-fine-hf',
    family: 'detector',
    description: 'D-FINE Hugging Face export (optimum / transformers)',
    inputs: [{ name: 'pixel_values', type: f32, shape: ['*', 3, 640, 640] }],
    outputs: [
      { name: 'logits', type: f32, shape: ['*', '*', '*'] },
      { name: 'pred_boxes', type: f32, shape: ['*', '*', 4] },
    ],
  },
  {
    kind: 'sam2-encoder',
    family: 'segmenter',
    description: 'SAM 2 image encoder (community export)',
    inputs: [{ name: 'image', type: f32, shape: ['*', 3, 1024, 1024] }],
    outputs: [
      { name: 'high_res_feats_0', type: f32, shape: ['*', 32, 256, 256] },
      { name: 'high_res_feats_1', type: f32, shape: ['*', 64, 128, 128] },
      { name: 'image_embed', type: f32, shape: ['*', 256, 64, 64] },
    ],
  },
  {
    kind: 'sam2-decoder',
    family: 'segmenter',
    description: 'SAM 2 mask decoder (community export, low-resolution masks)',
    inputs: SAM2_DECODER_IN,
    outputs: [
      { name: 'masks', type: f32, shape: ['*', '*', 256, 256] },
      { name: 'iou_predictions', type: f32, shape: ['*', '*'] },
    ],
  },
  {
    kind: 'sam2-decoder-orig-size',
    family: 'segmenter',
    description: 'SAM 2 mask decoder with an orig_im_size input (full-size masks)',
    inputs: [...SAM2_DECODER_IN, { name: 'orig_im_size', type: i64, shape: [2] }],
    outputs: [
      { name: 'masks', type: f32, shape: ['*', '*', '*', '*'] },
      { name: 'iou_predictions', type: f32, shape: ['*', '*'] },
    ],
  },
  {
    kind: 'sam2-transformers-js',
    family: 'segmenter',
    description: 'SAM 2 transformers.js export (recognised, not yet driven by the sam2 stage)',
    inputs: [{ name: 'pixel_values', type: f32, shape: ['*', 3, '*', '*'] }],
    outputs: [
      { name: 'pred_masks', type: f32, shape: ['*', '*', '*', '*', '*'] },
      { name: 'iou_scores', type: f32, shape: ['*', '*', '*'] },
    ],
  },
];

export function kindSpec(kind: ModelKind): KindSpec {
  return KNOWN_MODELS.find((k) => k.kind === kind) as KindSpec;
}

function formatExpected(e: Expected): string {
  return `${e.name} ${e.type} [${e.shape.join(',')}]`;
}

/** What is wrong with `found` for one expected tensor list, as short phrases; empty when it matches. */
function problems(role: 'input' | 'output', expected: readonly Expected[], found: readonly TensorSpec[], exactNames: boolean): string[] {
  const out: string[] = [];
  for (const e of expected) {
    const f = found.find((t) => t.name === e.name);
    if (!f) {
      out.push(`missing ${role} ${e.name}`);
      continue;
    }
    if (f.type !== e.type) out.push(`${role} ${e.name} is ${f.type}, expected ${e.type}`);
    if (f.shape.length !== e.shape.length) out.push(`${role} ${e.name} has ${f.shape.length} dims [${f.shape.join(',')}], expected ${e.shape.length} [${e.shape.join(',')}]`);
    else e.shape.forEach((d, i) => {
      const g = f.shape[i];
      if (d !== '*' && typeof g === 'number' && g !== d) out.push(`${role} ${e.name} dim ${i} is ${g}, expected ${d}`);
    });
  }
  if (exactNames) for (const f of found) if (!expected.some((e) => e.name === f.name)) out.push(`unexpected ${role} ${f.name}`);
  return out;
}

export interface Recognised {
  readonly kind: ModelKind;
  readonly family: 'detector' | 'segmenter';
  readonly description: string;
}

/**
 * Which known export a signature is. Inputs must match exactly (a model we would feed wrongly is refused);
 * outputs must include the expected ones. A file that matches none is refused with what was expected from
 * the closest kind and what was found.
 */
export function recogniseModel(sig: ModelSignature, file = 'model'): Recognised {
  const scored = KNOWN_MODELS.map((k) => ({ k, issues: [...problems('input', k.inputs, sig.inputs, true), ...problems('output', k.outputs, sig.outputs, false)] }));
  const hit = scored.find((s) => s.issues.length === 0);
  if (hit) return { kind: hit.k.kind, family: hit.k.family, description: hit.k.description };
  // Fewest differences first; among equals, the kind that shares the most names with the file.
  const shared = (k: KindSpec) => [...k.inputs, ...k.outputs].filter((e) => [...sig.inputs, ...sig.outputs].some((t) => t.name === e.name)).length;
  const closest = [...scored].sort((a, b) => a.issues.length - b.issues.length || shared(b.k) - shared(a.k))[0];
  throw new AnnotateError(
    AnnotateErrorCode.ModelMismatch,
    `${file} is not a model Winnow knows. Found: ${formatSignature(sig)}. Closest known export: ${closest.k.kind} (${closest.k.description}), which expects ` +
      `inputs ${closest.k.inputs.map(formatExpected).join('; ')} -> outputs ${closest.k.outputs.map(formatExpected).join('; ')}; differences: ${closest.issues.join('; ')}.`,
    { details: { found: sig, closest: closest.k.kind, differences: closest.issues }, suggestions: ['export the model with one of the tools named in the stage README, or check that the file is the one you meant'] },
  );
}

/** Refuses a recognised model of a kind the caller cannot drive, naming both. */
export function requireKind(recognised: Recognised, allowed: readonly ModelKind[], file: string): void {
  if (!allowed.includes(recognised.kind)) {
    throw new AnnotateError(AnnotateErrorCode.ModelMismatch, `${file} is a ${recognised.kind} model (${recognised.description}); this step needs one of: ${allowed.join(', ')}`, {
      details: { found: recognised.kind, expected: allowed },
    });
  }
}
