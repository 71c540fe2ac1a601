import type { FrameRecord, FrameRef, StreamInput } from '@winnow/sdk';

/** Why a frame cannot be kept whatever its group: the first that applies, in this order. */
export type Unusable = 'unreadable' | 'dark' | 'overexposed' | 'blurry';

/** What the selection needs of one catalogued frame, from the curation stages' records. */
export interface FrameFacts {
  readonly index: number;
  readonly unusable: Unusable | null;
  /** `dedup.exact_of`: an earlier frame with the same bytes. */
  readonly exactOf: number | null;
  /** `dedup.group`: the first frame of its duplicate group (itself when it has none). */
  readonly group: number;
  /** `idle.interval_start`: the first frame of the idle interval it is in, or null. */
  readonly idleStart: number | null;
  /** `blur.sharpness` (brightness-normalised band energy): the sharpest of a group stands for it. */
  readonly sharpness: number;
}

const rec = (inputs: StreamInput['inputs'], type: string, index: number): FrameRecord | undefined => inputs[type]?.get(index);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

function unusable(f: FrameRef, inputs: StreamInput['inputs'], minExposure: number): Unusable | null {
  if (f.error || !rec(inputs, 'dedup-features', f.index)) return 'unreadable';
  // Exposure first: a dark frame also loses detail, and the darkness is what is wrong with it.
  const exposure = rec(inputs, 'darkness', f.index);
  if (exposure?.flag === true || (typeof exposure?.ratio === 'number' && exposure.ratio < minExposure)) return 'dark';
  if (exposure?.overexposed === true) return 'overexposed';
  if (rec(inputs, 'blur', f.index)?.flag === true) return 'blurry';
  return null;
}

/** Facts of every catalogued frame, in frame order; `minExposure` is the lowest `darkness.ratio` a usable frame has. */
export function frameFacts(input: StreamInput, minExposure: number): FrameFacts[] {
  const frames = [...input.frames].sort((a, b) => a.index - b.index);
  return frames.map((f) => {
    const dedup = rec(input.inputs, 'dedup', f.index);
    const idle = rec(input.inputs, 'idle', f.index);
    const group = Number(dedup?.group);
    const sharpness = rec(input.inputs, 'blur', f.index)?.sharpness;
    return {
      index: f.index,
      unusable: unusable(f, input.inputs, minExposure),
      exactOf: int(dedup?.exact_of),
      group: Number.isInteger(group) ? group : f.index,
      idleStart: idle?.flag === true ? int(idle.interval_start) : null,
      sharpness: typeof sharpness === 'number' && Number.isFinite(sharpness) ? sharpness : 0,
    };
  });
}
