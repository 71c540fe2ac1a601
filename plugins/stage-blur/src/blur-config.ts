import { Type, type Static } from '@winnow/sdk';

/** Config of the `blur` decision stage. Changing it reruns only that cheap stage, never the features. */
export const BlurConfig = Type.Object(
  {
    threshold: Type.Number({
      default: 0.45,
      exclusiveMinimum: 0,
      description:
        "A frame is blurry when its sharpness is below this fraction of its neighbours' median sharpness. " +
        '0.45 flags blur of about 1.5 px (gaussian sigma 2, defocus radius 2.5, motion 9 px at 1080p) and spares lighter blur.',
    }),
    window: Type.Integer({
      default: 10,
      minimum: 1,
      description: 'Neighbours on each side (ranks in the stream, unreadable frames skipped) whose median is the short-range reference.',
    }),
    reach: Type.Integer({
      default: 300,
      minimum: 1,
      description:
        'Frames on each side whose medians give the long-range reference (the smaller of the two): a run of blurred frames shorter than this is flagged whole ' +
        '(300: 10 s at 30 frames/s, 30 s at 10 frames/s).',
    }),
    minNeighbours: Type.Integer({
      default: 4,
      minimum: 1,
      description: 'Fewer readable neighbours than this (a very short stream): no reference, so ratio is null and no frame is flagged.',
    }),
  },
  { additionalProperties: false },
);

export type BlurConfig = Static<typeof BlurConfig>;
