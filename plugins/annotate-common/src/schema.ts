import { Type, type StageReport } from '@winnow/sdk';

/** Marks a per-frame record as the canonical Winnow annotation schema; exporters look for it. */
export const ANNOTATION_SCHEMA = 'winnow.annotation/1';

/** The model that produced an object: enough to reproduce it and to tell two exports apart. */
export type ModelRef = {
  readonly name: string;
  /** What the registry or the file says it is, e.g. `yolox`, `d-fine-native`. */
  readonly kind: string;
  readonly version: string;
  readonly sha256: string;
};

/** COCO run-length encoding: column-major runs starting with background, `counts` compressed as in pycocotools. */
export type CocoRle = {
  readonly size: readonly [number, number];
  readonly counts: string;
};

/** One detected object, in the pixels of the original frame. */
export type AnnotationObject = {
  /** [x1, y1, x2, y2] in original pixels, clipped to the frame. */
  readonly box: readonly [number, number, number, number];
  /** COCO category id (1..90 for COCO-80 models). */
  readonly category_id: number;
  readonly category: string;
  readonly score: number;
  /** Which model made the box (the cascade may replace the first model's boxes). */
  readonly model: ModelRef;
  readonly mask?: CocoRle;
  /** Segmenter's own quality estimate of the mask. */
  readonly mask_score?: number;
  /** The mask matches the box (set by the segmenter): false is a reason for review. */
  readonly confirmed?: boolean;
  readonly mask_model?: ModelRef;
};

/** Why a frame was not annotated (only when `selected` is false): the `select` stage's reason for dropping it. */
export type SkipReason = 'unreadable' | 'blurry' | 'dark' | 'overexposed' | 'duplicate' | 'near-duplicate' | 'idle' | 'budget' | 'not-selected';

const ModelRefSchema = Type.Object({ name: Type.String(), kind: Type.String(), version: Type.String(), sha256: Type.String() });

/** The `records` of every annotation stage: an `AnnotationRecord` per frame, typed for columnar exports (objects as a list of structs). */
export const ANNOTATION_RECORDS = {
  frame: Type.Object({
    schema: Type.String(),
    width: Type.Integer(),
    height: Type.Integer(),
    selected: Type.Boolean(),
    skip: Type.Optional(Type.String()),
    duplicate_of: Type.Optional(Type.Integer()),
    objects: Type.Array(
      Type.Object({
        box: Type.Array(Type.Number()),
        category_id: Type.Integer(),
        category: Type.String(),
        score: Type.Number(),
        model: ModelRefSchema,
        mask: Type.Optional(Type.Object({ size: Type.Array(Type.Integer()), counts: Type.String() })),
        mask_score: Type.Optional(Type.Number()),
        confirmed: Type.Optional(Type.Boolean()),
        mask_model: Type.Optional(ModelRefSchema),
      }),
    ),
    models: Type.Array(Type.String()),
    uncertainty: Type.Number(),
    review: Type.Boolean(),
    reasons: Type.Array(Type.String()),
    provider: Type.Optional(Type.String()),
  }),
};

/** What the report shows of an annotation stage: its boxes drawn on frames, and the frames left for review. */
export const ANNOTATION_REPORT: StageReport = {
  findings: [{ key: 'review', label: 'For review', field: 'review', score: 'uncertainty' }],
  objects: { field: 'objects', box: 'box', label: 'category', score: 'score' },
};

/** The per-frame record every annotation stage writes. */
export type AnnotationRecord = {
  readonly schema: typeof ANNOTATION_SCHEMA;
  readonly width: number;
  readonly height: number;
  /** False: the frame selection skipped it and no model ran on it. */
  readonly selected: boolean;
  readonly skip?: SkipReason;
  /** For duplicates, near-duplicates and idle frames: the frame index whose annotation stands for this one. */
  readonly duplicate_of?: number;
  readonly objects: readonly AnnotationObject[];
  /** Models run on this frame, in order (the cascade adds the larger one). */
  readonly models: readonly string[];
  /** 0..1: how unsure the frame's annotation is (1 = most); drives the review order. */
  readonly uncertainty: number;
  /** Still uncertain after every automatic step: a person should look. */
  readonly review: boolean;
  readonly reasons: readonly string[];
  /** Which execution provider ran the models (`cpu`, `cuda`). */
  readonly provider?: string;
};

export function isAnnotationRecord(value: unknown): value is AnnotationRecord {
  return typeof value === 'object' && value !== null && (value as { schema?: unknown }).schema === ANNOTATION_SCHEMA;
}
