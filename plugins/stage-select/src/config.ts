import { Type, type Static } from '@winnow/sdk';

export const SelectConfig = Type.Object(
  {
    budget: Type.String({
      default: '',
      pattern: '^((100|[0-9]{1,2})(\\.[0-9]+)?%)?$',
      description: 'Keep at most this share of each stream\'s catalogued frames, e.g. "10%": a diverse subset of the frames the rules keep (every scene once before any twice, then farthest-point). Empty: no budget.',
    }),
    minExposure: Type.Number({
      minimum: 0,
      default: 0.55,
      description:
        "A frame whose exposure ratio (darkness.ratio: its median luma over its stream's reference level) is below this is not kept (reason dark): a margin above the darkness stage's own threshold (0.49), so frames at the edge of dark (dusk, dawn) are left out too.",
    }),
    maxFrames: Type.Integer({
      minimum: 0,
      default: 0,
      description: 'Keep at most this many frames per stream (with budget too, the smaller). 0: no limit.',
    }),
    features: Type.Union([Type.Literal('fingerprint'), Type.Literal('clip')], {
      default: 'fingerprint',
      description: 'What the budget\'s diversity is measured on: the 16x9 block fingerprint of dedup-features, or the clip-embed stage\'s CLIP embeddings (runs clip-embed, which needs a model).',
    }),
    sceneCut: Type.Number({
      exclusiveMinimum: 0,
      default: 0.8,
      description: 'A new scene starts at a usable frame whose fingerprint is this far (RMS of standardised 16x9 block means) from its scene\'s first frame: about 1.4 between unrelated pictures, under 0.5 for objects moving on a fixed view.',
    }),
    minSceneFrames: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'A new scene opens only where this many usable frames in a row are all far from the current scene (a flash or a passing occluder shorter than that opens none).',
    }),
  },
  { additionalProperties: false },
);
export type SelectConfig = Static<typeof SelectConfig>;
