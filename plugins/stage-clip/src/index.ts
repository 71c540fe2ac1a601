export { clipEmbedStage, CLIP_VIEW_SIDE } from './clip-embed-stage';
export { dedupSemanticStage } from './dedup-semantic-stage';
export { ClipEmbedConfig, DedupSemanticConfig } from './config';
export { CLIP_MEAN, CLIP_SIZE, CLIP_STD, bicubicKernel, clipCropPlan, clipPixelValues, resizeCropBicubic } from './preprocess';
export type { CropPlan } from './preprocess';
export { cosine, decodeEmbedding, encodeEmbedding, isStoredEmbedding, l2Normalise } from '@winnow/fingerprint';
export type { EmbeddingEncoding, StoredEmbedding } from '@winnow/fingerprint';
export {
  CLIP_INPUT,
  CLIP_OUTPUT,
  ClipErrorCode,
  ClipModelError,
  EXPECTED_SIGNATURE,
  checkClipSignature,
  clipModel,
  formatSignature,
  openClipModel,
  releaseClipModels,
  resolveClipModel,
  sha256File,
  signatureOf,
} from './clip-model';
export type { ClipModel, ClipModelOptions, ClipSignature, Signature, TensorSpec } from './clip-model';
export { BruteForceIndex, findSemanticDuplicates } from './semantic-duplicates';
export type { SemanticDecision, SemanticFrame, SemanticOptions, VectorIndex } from './semantic-duplicates';
export { UsearchIndex } from './usearch-index';
