import { Type, type Static } from '@winnow/sdk';

export const ClipEmbedConfig = Type.Object(
  {
    model: Type.String({
      default: '',
      description:
        'Path of a CLIP image-encoder ONNX file: input pixel_values float32 [N,3,224,224] -> output image_embeds float32 [N,D] (e.g. an optimum or transformers.js export of CLIPVisionModelWithProjection). Required to run; Winnow never downloads models. The file\'s sha256 is part of every cache key.',
    }),
    sha256: Type.String({
      default: '',
      pattern: '^([0-9a-fA-F]{64})?$',
      description: 'Pins the model file: a file with another sha256 is refused. Empty: any file at `model` (its sha256 is still hashed into the cache key and stored in each record).',
    }),
    encoding: Type.Union([Type.Literal('int8'), Type.Literal('float32')], {
      default: 'int8',
      description: 'How each L2-normalised embedding is stored: int8 (one byte per dim plus a scale; cosine error below 1e-4) or float32 (4 bytes per dim).',
    }),
    provider: Type.Union([Type.Literal('auto'), Type.Literal('cpu'), Type.Literal('cuda')], {
      default: 'auto',
      description: 'onnxruntime execution provider; auto uses CUDA when the runtime can load it, CPU otherwise.',
    }),
    threads: Type.Integer({ minimum: 1, maximum: 64, default: 1, description: 'Intra-op threads of the session in each worker (each worker is one core\'s worth of work).' }),
  },
  { additionalProperties: false },
);
export type ClipEmbedConfig = Static<typeof ClipEmbedConfig>;

export const DedupSemanticConfig = Type.Object(
  {
    threshold: Type.Number({
      minimum: -1,
      maximum: 1,
      default: 0.95,
      description: 'Cosine similarity of the two L2-normalised CLIP embeddings at or above which two frames are semantic near-duplicates.',
    }),
    candidates: Type.Integer({
      minimum: 1,
      maximum: 256,
      default: 8,
      description: 'Nearest group representatives fetched from the vector index per frame; the most similar (earliest among equals) is proposed.',
    }),
  },
  { additionalProperties: false },
);
export type DedupSemanticConfig = Static<typeof DedupSemanticConfig>;
