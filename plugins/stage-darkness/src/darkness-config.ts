import { Type, type Static } from '@winnow/sdk';

/** Config of the `darkness` decision stage. Changing it reruns only that cheap stage, never the features. */
export const DarknessConfig = Type.Object(
  {
    threshold: Type.Number({
      default: 0.49,
      exclusiveMinimum: 0,
      description:
        "A frame is dark when its median luma is below this fraction of the stream's reference level. " +
        '0.49 is about 2.3 EV down (linear light x 0.2) through a 2.2 display gamma.',
    }),
    window: Type.Integer({
      default: 300,
      minimum: 1,
      description:
        'Frames on each side of the reference window (it keeps its full 2 x window + 1 length at the ends of a stream; a shorter stream uses all its frames). ' +
        'Longer than a night, so that a whole night segment is judged against daylight.',
    }),
    referencePercentile: Type.Number({
      default: 90,
      minimum: 0,
      maximum: 100,
      description: "Percentile of the window's median lumas that is the stream's normal exposure: its bright frames, robust to a few glitches.",
    }),
    minReference: Type.Number({
      default: 16,
      exclusiveMinimum: 0,
      description:
        'Floor of the reference level (luma 0..255) for a window with no bright frame (a stream dark from start to end): ' +
        'frames are then judged against this absolute level, so a black stream is flagged dark.',
    }),
    overexposedLuma: Type.Integer({
      default: 243,
      minimum: 0,
      maximum: 255,
      description: 'A frame is overexposed when its 5th-percentile luma (p05) is at or above this: 95% of its pixels are near white.',
    }),
  },
  { additionalProperties: false },
);

export type DarknessConfig = Static<typeof DarknessConfig>;
