import { compileFramePattern, frameIndexOf } from './frame-name';

export interface ScannedFrame {
  readonly index: number;
  readonly name: string;
}

export interface ScanReport {
  /** Frames by index, ascending, one per index. */
  readonly frames: readonly ScannedFrame[];
  /** Missing index ranges inside the sequence, inclusive. */
  readonly gaps: readonly (readonly [number, number])[];
  /** Files whose index another file already has: the lexicographically first name is kept. */
  readonly duplicateIndices: readonly { readonly index: number; readonly kept: string; readonly dropped: string }[];
  /** Files that are not frames by the pattern (junk, notes, thumbnails caches). */
  readonly foreign: readonly string[];
}

/** Pure: from the file names of a stream folder to its frame sequence and what is wrong with it. */
export function scanNames(names: readonly string[], pattern: string): ScanReport {
  const re = compileFramePattern(pattern);
  const byIndex = new Map<number, string>();
  const duplicateIndices: { index: number; kept: string; dropped: string }[] = [];
  const foreign: string[] = [];
  for (const name of [...names].sort()) {
    const index = frameIndexOf(name, re);
    if (index === null) {
      foreign.push(name);
      continue;
    }
    const kept = byIndex.get(index);
    if (kept === undefined) byIndex.set(index, name);
    else duplicateIndices.push({ index, kept, dropped: name });
  }
  // A typed array sorts numbers natively: a comparator called from the sort cost ~7 ms for 2,000 frames, cold.
  const frames = Array.from(new Float64Array([...byIndex.keys()]).sort(), (index) => ({ index, name: byIndex.get(index)! }));
  const gaps: [number, number][] = [];
  for (let i = 1; i < frames.length; i++) {
    if (frames[i].index > frames[i - 1].index + 1) gaps.push([frames[i - 1].index + 1, frames[i].index - 1]);
  }
  return { frames, gaps, duplicateIndices, foreign };
}
