import { Type, type Static } from '@winnow/sdk';

/** `idle-features` measures a fixed definition: nothing to configure (a change of definition is a new version). */
export const IdleFeaturesConfig = Type.Object({}, { additionalProperties: false });
export type IdleFeaturesConfig = Static<typeof IdleFeaturesConfig>;

export const IdleConfig = Type.Object(
  {
    motionZ: Type.Number({
      exclusiveMinimum: 0,
      default: 3.4,
      description:
        'A frame is still when its smoothed motion (largest 2x2-block mean residual against the previous readable frame, after fitting the exposure change, in noise scales) is at most this. Sensor noise stays below about 3.',
    }),
    minFrames: Type.Integer({
      minimum: 2,
      default: 20,
      description: 'Shortest idle interval, in frames of the catalog numbering (end - start + 1).',
    }),
    smoothWindow: Type.Integer({
      minimum: 1,
      default: 3,
      description: 'Odd length of the running median applied to the motion series (removes one-frame spikes and one-frame lulls, keeps edges). 1 disables it.',
    }),
    noiseFloor: Type.Number({
      exclusiveMinimum: 0,
      default: 0.05,
      description: 'Lower bound of the noise scale, in grey levels of a block mean.',
    }),
  },
  { additionalProperties: false },
);
export type IdleConfig = Static<typeof IdleConfig>;
