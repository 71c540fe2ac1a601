import { Type, type Static } from '@winnow/sdk';

/** `dedup-features` measures fixed definitions: nothing to configure (a change of definition is a new version). */
export const DedupFeaturesConfig = Type.Object({}, { additionalProperties: false });
export type DedupFeaturesConfig = Static<typeof DedupFeaturesConfig>;

export const DedupConfig = Type.Object(
  {
    hammingRadius: Type.Integer({
      minimum: 0,
      maximum: 32,
      default: 8,
      description: 'pHash Hamming distance (bits of 64) within which an earlier frame is a near-duplicate candidate.',
    }),
    confirmZ: Type.Number({
      exclusiveMinimum: 0,
      default: 3.4,
      description:
        'A candidate is confirmed when the largest 2x2-block mean residual of the two 64-block grids, after fitting the exposure change, is at most this many noise scales. Sensor noise and re-encoding stay below about 3; an object moving a pixel or two goes above.',
    }),
    noiseFloor: Type.Number({
      exclusiveMinimum: 0,
      default: 0.05,
      description: 'Lower bound of the noise scale, in grey levels of a block mean (keeps z finite for noiseless or identical pictures).',
    }),
    maxCandidates: Type.Integer({
      minimum: 1,
      default: 8,
      description:
        'At most this many pHash candidates are compared per frame, nearest hash first and most recent first among equals (the previous readable frame is always compared first, besides).',
    }),
    bucketLimit: Type.Integer({
      minimum: 1,
      default: 512,
      description: 'Per pHash index bucket, at most this many of the most recent entries are read per query (bounds the cost on a fixed camera).',
    }),
  },
  { additionalProperties: false },
);
export type DedupConfig = Static<typeof DedupConfig>;
