import { createHash } from 'node:crypto';

export type SplitMode = 'blocks' | 'scenes' | 'hash';

export interface SplitOptions {
  readonly split: SplitMode;
  /** Fraction of units in val. */
  readonly val: number;
  /** Frames per time block (`blocks`). */
  readonly blockFrames: number;
  /** Frames left out after a boundary where the split changes. */
  readonly guard: number;
}

/** Unit `u` (0, 1, ...) of a stream is in val when `round((u + 1) val) > round(u val)`: evenly spread, `val` of them. */
export function isValUnit(u: number, val: number): boolean {
  return Math.round((u + 1) * val) > Math.round(u * val);
}

/**
 * Assigns frames of one stream, given in frame order, to train or val (or neither: within `guard` frames after
 * a boundary where the split changes), so that neighbouring frames never land on both sides. `blocks`: units are
 * runs of `blockFrames` frame indices; `scenes`: the `select` stage's scenes; `hash`: each frame by its content
 * hash (the old per-frame split: neighbours do land on both sides).
 */
export class StreamSplitter {
  #scene = Number.NaN;
  #sceneStart = 0;

  constructor(private readonly o: SplitOptions) {}

  splitOf(frameIdx: number, blake3: string, scene: number | null): 'train' | 'val' | null {
    const { val, guard } = this.o;
    if (this.o.split === 'hash') return createHash('sha256').update(blake3).digest().readUInt32BE(0) / 2 ** 32 < val ? 'val' : 'train';
    let unit: number;
    let offset: number;
    if (this.o.split === 'blocks') {
      unit = Math.floor(frameIdx / this.o.blockFrames);
      offset = frameIdx - unit * this.o.blockFrames;
    } else {
      unit = scene ?? 0;
      if (unit !== this.#scene) (this.#scene = unit), (this.#sceneStart = frameIdx);
      offset = frameIdx - this.#sceneStart;
    }
    const side = isValUnit(unit, val);
    if (unit > 0 && offset < guard && isValUnit(unit - 1, val) !== side) return null;
    return side ? 'val' : 'train';
  }
}
