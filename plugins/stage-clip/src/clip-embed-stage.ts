import { Type, defineStage } from '@winnow/sdk';
import { clipModel, openClipModel, resolveClipModel } from './clip-model';
import { ClipEmbedConfig } from './config';
import { encodeEmbedding, l2Normalise } from '@winnow/fingerprint';
import { CLIP_SIZE, clipPixelValues } from './preprocess';

/**
 * Longest side of the rgb view. The host scales a frame down (never up) so that its longer side is at most
 * this: for aspect ratios up to 2:1 the short side stays >= 224, so the CLIP resize only shrinks (a wider
 * frame's short side is upsampled, bicubic, to 224).
 */
export const CLIP_VIEW_SIDE = 2 * CLIP_SIZE;

// The host calls `fingerprint` once per run; a file already checked (same content) is not opened again.
const checkedInHost = new Set<string>();

export const clipEmbedStage = defineStage({
  name: 'clip-embed',
  version: '0.1.0',
  description: 'CLIP image embedding per frame (ONNX image encoder): L2-normalised, stored as int8 or float32 base64, with the model file\'s sha256.',
  partition: 'batch',
  inputs: ['frames'],
  views: { rgb: { kind: 'rgb', maxSide: CLIP_VIEW_SIDE } },
  config: ClipEmbedConfig,
  records: {
    frame: Type.Object({ embedding: Type.String(), encoding: Type.String(), scale: Type.Union([Type.Number(), Type.Null()]), dim: Type.Integer(), norm: Type.Number(), model_sha256: Type.String() }),
  },
  optIn: true,
  resources: { gpu: true },
  /**
   * The model file's sha256 goes into every cache key (a new file at the same path recomputes everything), and
   * the file is opened once here so that a missing or mismatched model fails the run at load, not per batch.
   */
  async fingerprint(config) {
    const { file, sha256 } = await resolveClipModel(config.model, config.sha256);
    if (!checkedInHost.has(sha256)) {
      const model = await openClipModel(file, sha256, { provider: 'cpu', threads: 1 });
      await model.release();
      checkedInHost.add(sha256);
    }
    return { 'model:clip': sha256 };
  },
  async measure(frame, ctx) {
    const { model: modelPath, sha256, provider, threads, encoding } = ctx.config;
    const model = await clipModel({ model: modelPath, sha256, provider, threads });
    const [raw] = await model.embed(clipPixelValues(frame.views.rgb));
    let normalised: ReturnType<typeof l2Normalise>;
    try {
      normalised = l2Normalise(raw);
    } catch (e) {
      throw new Error(`CLIP model ${model.file}: ${(e as Error).message}`); // this frame's error record
    }
    return { ...encodeEmbedding(normalised.unit, encoding), norm: Math.round(normalised.norm * 1e4) / 1e4, model_sha256: model.sha256 };
  },
});
