import { segmenterCounts } from './step-counts';
import { Type, defineStage, type FrameRecord, type SettleInput, type Static } from '@winnow/sdk';
import { iou } from './boxes';
import { DETECTIONS } from './detector-stage';
import { fatalModelError, isModelFault } from './errors';
import { loadModel, modelFingerprint } from './load-model';
import { encodeRle } from './rle';
import { runSam2 } from './run-models';
import { maskBox } from './sam2';
import { ANNOTATION_RECORDS, ANNOTATION_REPORT, ANNOTATION_SCHEMA, isAnnotationRecord, type AnnotationObject, type AnnotationRecord } from './schema';
import { DigestField, ModelField, RuntimeConfig } from './stage-config';

export const SegmenterConfig = Type.Object(
  {
    encoder: ModelField('SAM 2 image encoder'),
    encoderSha256: DigestField,
    decoder: ModelField('SAM 2 mask decoder'),
    decoderSha256: DigestField,
    minMaskScore: Type.Number({ default: 0.5, minimum: 0, maximum: 1, description: "A mask confirms its box only when the decoder's predicted IoU is at least this." }),
    minBoxIou: Type.Number({ default: 0.5, minimum: 0, maximum: 1, description: "...and when the mask's own box overlaps the detected box by at least this IoU." }),
    ...RuntimeConfig,
  },
  { additionalProperties: false },
);
export type SegmenterConfig = Static<typeof SegmenterConfig>;

/**
 * A frame's record when it needs no mask, so no pixels: the detector skipped it or found nothing (its record
 * stands), or there is no detector record to refine (an error record). null: it has boxes to segment.
 */
function withoutMasks(frame: SettleInput): FrameRecord | null {
  const det = frame.inputs[DETECTIONS];
  if (!isAnnotationRecord(det)) {
    const failed = (det as { error?: unknown } | undefined)?.error;
    return { error: { code: 'ANNOTATE_NO_DETECTIONS', message: `frame ${frame.path}: no detector record to refine${failed ? ` (the detector failed: ${JSON.stringify(failed)})` : ''}` } };
  }
  return !det.selected || det.objects.length === 0 ? det : null;
}

/**
 * SAM 2 step: every detected box becomes a box prompt; the mask is stored as COCO RLE with its score, and a
 * box the mask does not confirm makes the frame a review candidate. Frames the detector skipped are skipped.
 * Both models' sha256 are part of the cache key; a missing one fails the run at load, one that does not load or
 * match fails the task.
 */
export const segmenterStage = defineStage({
  name: 'sam2',
  version: '0.2.0',
  description: 'SAM 2 masks for the detector boxes (box prompts), as COCO RLE; boxes the mask does not confirm go to review.',
  partition: 'batch',
  inputs: ['frames', DETECTIONS],
  optIn: true,
  resources: { gpu: true },
  config: SegmenterConfig,
  views: { rgb: { kind: 'rgb', maxSide: 1024 } },
  counts: segmenterCounts,
  records: ANNOTATION_RECORDS,
  report: ANNOTATION_REPORT,
  fingerprint(cfg, { workspace }) {
    return modelFingerprint(workspace, [
      { key: 'encoder', model: cfg.encoder, sha256: cfg.encoderSha256, kinds: ['sam2-encoder'], role: 'sam2 encoder' },
      { key: 'decoder', model: cfg.decoder, sha256: cfg.decoderSha256, kinds: ['sam2-decoder', 'sam2-decoder-orig-size'], role: 'sam2 decoder' },
    ]);
  },
  *settle(frames) {
    for (const f of frames) {
      const record = withoutMasks(f);
      if (record) yield [f.index, record] as const;
    }
  },
  async measure(frame, ctx) {
    const det = frame.inputs[DETECTIONS];
    const settled = withoutMasks(frame);
    if (settled || !isAnnotationRecord(det)) return settled as FrameRecord;
    const cfg = ctx.config;
    const request = { workspace: ctx.workspace, provider: cfg.provider, threads: cfg.threads };
    const [encoder, decoder] = await Promise.all([
      loadModel({ ...request, role: 'sam2 encoder', model: cfg.encoder, sha256: cfg.encoderSha256 || undefined, kinds: ['sam2-encoder'] }),
      loadModel({ ...request, role: 'sam2 decoder', model: cfg.decoder, sha256: cfg.decoderSha256 || undefined, kinds: ['sam2-decoder', 'sam2-decoder-orig-size'] }),
    ]).catch((e: unknown) => Promise.reject(fatalModelError(e)));
    const original = { width: frame.width, height: frame.height };
    const masks = await runSam2(encoder, decoder, frame.views.rgb, original, det.objects.map((o) => o.box)).catch((e: unknown) => Promise.reject(isModelFault(e) ? fatalModelError(e) : e));
    let unconfirmed = 0;
    let worst = 0;
    const objects: AnnotationObject[] = det.objects.map((o, i) => {
      const m = masks[i];
      const mb = maskBox(m.mask, frame.width, frame.height);
      const overlap = mb ? iou(mb, o.box) : 0;
      const confirmed = m.score >= cfg.minMaskScore && overlap >= cfg.minBoxIou;
      if (!confirmed) {
        unconfirmed++;
        worst = Math.max(worst, 1 - Math.min(m.score, overlap));
      }
      return { ...o, mask: encodeRle(m.mask, frame.width, frame.height), mask_score: Math.round(m.score * 1e4) / 1e4, confirmed, mask_model: decoder.ref };
    });
    const reasons = unconfirmed > 0 ? [...det.reasons, `${unconfirmed} box(es) not confirmed by ${decoder.ref.name}`] : det.reasons;
    const record: AnnotationRecord = {
      ...det,
      schema: ANNOTATION_SCHEMA,
      objects,
      models: [...det.models, encoder.ref.name, decoder.ref.name],
      uncertainty: Math.max(det.uncertainty, Math.round(worst * 1e4) / 1e4),
      review: det.review || unconfirmed > 0,
      reasons,
    };
    return record;
  },
});
