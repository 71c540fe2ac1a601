import { distance } from './vectors';

/**
 * Scene numbers (0, 1, ...) of a stream's frames, in frame order. Only usable frames with a fingerprint decide
 * (`vectors[i]` non-null): the first one opens scene 0 and is its anchor; a deciding frame opens a new scene (and
 * becomes its anchor) when it and the next `minFrames - 1` deciding frames are all farther than `cut` from the
 * current anchor, so a flash or a passing occluder shorter than that does not. Every other frame takes the scene
 * of the last deciding frame before it (scene 0 before any).
 */
export function segmentScenes(vectors: readonly (Float32Array | null)[], cut: number, minFrames: number): number[] {
  const deciding: number[] = [];
  vectors.forEach((v, i) => v && deciding.push(i));
  const sceneAt = new Map<number, number>();
  let anchor: Float32Array | null = null;
  let scene = -1;
  for (let k = 0; k < deciding.length; k++) {
    const v = vectors[deciding[k]] as Float32Array;
    let opens = anchor === null;
    if (anchor !== null && k + minFrames <= deciding.length) {
      opens = true;
      for (let j = k; j < k + minFrames && opens; j++) opens = distance(anchor, vectors[deciding[j]] as Float32Array) > cut;
    }
    if (opens) {
      anchor = v;
      scene++;
    }
    sceneAt.set(deciding[k], scene);
  }
  let last = 0;
  return vectors.map((_, i) => (last = sceneAt.get(i) ?? last));
}
