import { Type, defineStage, type FrameInput, type Static, type StageContext, type ViewSpec } from '@winnow/sdk';
import { roundBox, type Detection } from './boxes';
import { cocoCategory } from './coco-categories';
import { fatalModelError, isModelFault } from './errors';
import { loadModel, modelFingerprint, type LoadedModel } from './load-model';
import { frameUncertainty } from './policy';
import type { ModelKind } from './recognise-model';
import type { DetectInput, DetectOptions } from './run-models';
import { ANNOTATION_RECORDS, ANNOTATION_REPORT, ANNOTATION_SCHEMA, type AnnotationObject, type AnnotationRecord, type ModelRef } from './schema';
import { SELECTION_INPUTS, selectFrames, selectionInputs } from './select-frames';
import { detectorCounts } from './step-counts';
import { DigestField, ModelField, RuntimeConfig, SelectConfig } from './stage-config';

/** The artifact type detectors produce and the segmenter reads: one detector per pipeline. */
export const DETECTIONS = 'detections';

export const DetectorConfig = Type.Object(
  {
    model: ModelField('Detector model'),
    sha256: DigestField,
    scoreThreshold: Type.Number({ default: 0.3, minimum: 0, maximum: 1, description: 'Detections at or above this score are kept.' }),
    nmsIou: Type.Number({ default: 0.45, minimum: 0, maximum: 1, description: 'Class-wise NMS IoU (models that need NMS).' }),
    uncertainLow: Type.Number({ default: 0.3, minimum: 0, maximum: 1, description: 'Lower edge of the uncertainty band of scores.' }),
    uncertainHigh: Type.Number({ default: 0.5, minimum: 0, maximum: 1, description: 'Upper edge (exclusive) of the uncertainty band: frames with a score in the band are uncertain.' }),
    cascadeModel: Type.String({ default: '', description: 'A larger model that re-annotates uncertain frames (e.g. D-FINE-S then D-FINE-X). Empty: no cascade.' }),
    cascadeSha256: DigestField,
    batch: Type.Integer({
      default: 8,
      minimum: 1,
      description: 'Frames per inference in a GPU worker, for models with a symbolic batch dim (in the CPU workers frames go one at a time).',
    }),
    select: SelectConfig,
    ...RuntimeConfig,
  },
  { additionalProperties: false },
);
export type DetectorConfig = Static<typeof DetectorConfig>;

type DetectorFrame = FrameInput<{ readonly rgb: ViewSpec }>;

export interface DetectorDefinition {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** The exports this detector drives. */
  readonly kinds: readonly ModelKind[];
  /** Longer side of the RGB view the host decodes for it (the model's input side). */
  readonly viewMaxSide: number;
  /** Each frame's detections, in order; the adapter batches frames as far as `opts.batch` and the model allow. */
  run(model: LoadedModel, frames: readonly DetectInput[], opts: DetectOptions): Promise<Detection[][]>;
}

function toObject(d: Detection, model: ModelRef): AnnotationObject {
  const c = cocoCategory(d.label);
  return { box: roundBox(d.box), category_id: c.id, category: c.name, score: Math.round(d.score * 1e4) / 1e4, model };
}

/**
 * A detector batch stage: settles the frames the `select` stage does not keep before they are decoded (`settle`),
 * runs the model on the others, and when a frame is uncertain (a score in the band) re-annotates it with the
 * cascade model; what stays uncertain is flagged for review. Writes the canonical annotation schema.
 *
 * The sha256 of every model the config names (cascade included) is part of the cache key (`fingerprint`), and
 * a model that is missing fails the run at load. A model that cannot be loaded or does not match the expected
 * export fails the task (`fatalStageError`), not every frame.
 */
export function defineDetectorStage(def: DetectorDefinition) {
  /** Selected frames in order: one batched inference over them, then one over those still uncertain with the cascade model. */
  async function annotate(chosen: readonly DetectorFrame[], ctx: StageContext<DetectorConfig>): Promise<AnnotationRecord[]> {
    const cfg = ctx.config;
    const request = { workspace: ctx.workspace, provider: cfg.provider, threads: cfg.threads, kinds: def.kinds };
    const band = { low: cfg.uncertainLow, high: cfg.uncertainHigh };
    const opts = { scoreThreshold: Math.min(cfg.scoreThreshold, cfg.uncertainLow), nmsIou: cfg.nmsIou, batch: cfg.batch };
    // A model that cannot be loaded or is not the expected export fails the task; a bad frame stays per frame.
    const load = (role: string, model: string, sha256: string) => loadModel({ ...request, role: `${def.name} ${role}`, model, sha256: sha256 || undefined }).catch((e: unknown) => Promise.reject(fatalModelError(e)));
    const detect = (m: LoadedModel, fs: readonly DetectorFrame[]) =>
      def.run(m, fs.map((f): DetectInput => ({ view: f.views.rgb, original: { width: f.width, height: f.height } })), opts).catch((e: unknown) => Promise.reject(isModelFault(e) ? fatalModelError(e) : e));

    const results = new Map<number, { dets: Detection[]; model: LoadedModel; models: string[] }>();
    if (chosen.length > 0) {
      const model = await load('model', cfg.model, cfg.sha256);
      (await detect(model, chosen)).forEach((dets, i) => results.set(chosen[i].index, { dets, model, models: [model.ref.name] }));
    }
    // Frames with scores in the band after the first model, and how many.
    const first = new Map(chosen.map((f) => [f.index, frameUncertainty((results.get(f.index) as { dets: Detection[] }).dets, band).uncertain] as const).filter(([, n]) => n > 0));
    const uncertain = chosen.filter((f) => first.has(f.index));
    if (uncertain.length > 0 && cfg.cascadeModel) {
      const cascade = await load('cascadeModel', cfg.cascadeModel, cfg.cascadeSha256);
      (await detect(cascade, uncertain)).forEach((dets, i) => {
        const r = results.get(uncertain[i].index) as { models: string[] };
        results.set(uncertain[i].index, { dets, model: cascade, models: [...r.models, cascade.ref.name] });
      });
    }

    return chosen.map((frame): AnnotationRecord => {
      const base = { schema: ANNOTATION_SCHEMA, width: frame.width, height: frame.height } as const;
      const { dets, model, models } = results.get(frame.index) as { dets: Detection[]; model: LoadedModel; models: string[] };
      const u = frameUncertainty(dets, band);
      const reasons: string[] = [];
      const before = first.get(frame.index);
      if (before !== undefined) reasons.push(`${before} score(s) of ${models[0]} in [${band.low}, ${band.high})`);
      if (before !== undefined && models.length > 1) reasons.push(u.uncertain > 0 ? `still ${u.uncertain} score(s) of ${model.ref.name} in the band` : `${model.ref.name} resolved them`);
      const objects = dets.filter((d) => d.score >= cfg.scoreThreshold).map((d) => toObject(d, model.ref));
      return { ...base, selected: true, objects, models, uncertainty: u.uncertainty, review: u.uncertain > 0, reasons, provider: model.provider };
    });
  }

  return defineStage({
    name: def.name,
    version: def.version,
    description: def.description,
    partition: 'batch',
    inputs: ['frames', ...SELECTION_INPUTS],
    inputsFor: (cfg) => ['frames', ...selectionInputs(cfg.select)],
    counts: detectorCounts,
    records: ANNOTATION_RECORDS,
    report: ANNOTATION_REPORT,
    output: DETECTIONS,
    optIn: true,
    resources: { gpu: true },
    config: DetectorConfig,
    views: { rgb: { kind: 'rgb', maxSide: def.viewMaxSide } as ViewSpec },
    fingerprint(cfg, { workspace }) {
      return modelFingerprint(workspace, [
        { key: 'detector', model: cfg.model, sha256: cfg.sha256, kinds: def.kinds, role: `${def.name} model` },
        { key: 'cascade', model: cfg.cascadeModel, sha256: cfg.cascadeSha256, kinds: def.kinds, role: `${def.name} cascadeModel` },
      ]);
    },
    *settle(frames, ctx) {
      const selections = selectFrames(frames, ctx.config.select);
      for (const [i, sel] of selections.entries()) {
        if (sel.selected) continue;
        const record: AnnotationRecord = { schema: ANNOTATION_SCHEMA, width: frames[i].width, height: frames[i].height, selected: false, skip: sel.skip, ...(sel.duplicate_of !== undefined ? { duplicate_of: sel.duplicate_of } : {}), objects: [], models: [], uncertainty: 0, review: false, reasons: [] };
        yield [frames[i].index, record] as const;
      }
    },
    async measure(frame, ctx) {
      return (await annotate([frame], ctx))[0];
    },
    measureBatch: annotate,
  });
}
