import { blockMeans, type BlockGrid } from '@winnow/fingerprint';
import { findDuplicates, firstInOrder, type DedupFrame, type DedupOptions } from './find-duplicates';
import { phash } from './phash';
import { picture, type Scene } from '../../fingerprint/src/testing/test-pictures';

const options: DedupOptions = { hammingRadius: 8, confirmZ: 3.4, noiseFloor: 0.05, maxCandidates: 8, bucketLimit: 512 };

/** A frame of a 256x144 scene with a square at x (the 32x32 thumbnail is taken from the same scene). */
function frame(index: number, x: number, seed: number, hash = `h${index}`): DedupFrame {
  const s: Scene = { width: 256, height: 144, square: { x, y: 50, side: 24, level: 20 }, noise: 3, seed };
  const g: BlockGrid = blockMeans(picture(s), 256, 144);
  const thumb = picture({ ...s, width: 32, height: 32, square: { x: Math.round(x / 8), y: 11, side: 3, level: 20 } });
  return { index, hash, phash: phash(thumb), grid: () => g };
}

describe('findDuplicates', () => {
  it('finds exact copies by hash, near-duplicates by content, and leaves moving frames alone', () => {
    const frames = [frame(0, 10, 1), frame(1, 30, 2), frame(2, 30, 3), frame(3, 30, 3, 'h2'), frame(4, 50, 4), frame(5, 30, 5)];
    const d = findDuplicates(frames, options);
    expect(d.get(0)).toMatchObject({ exact_of: null, near_of: null, group: '0' });
    expect(d.get(1)).toMatchObject({ exact_of: null, near_of: null, group: '1' });
    expect(d.get(2)).toMatchObject({ exact_of: null, near_of: 1, group: '1' });
    expect(d.get(3)).toMatchObject({ exact_of: 2, near_of: 2, group: '1', distance: 0, confidence: 1 });
    expect(d.get(4)).toMatchObject({ near_of: null, group: '4' });
    // An earlier (not the previous) frame with the same content: found through the pHash index.
    expect(d.get(5)).toMatchObject({ near_of: 1, group: '1' });
  });

  it('skips unreadable frames and bridges over them', () => {
    const frames: DedupFrame[] = [frame(0, 30, 1), { index: 1, hash: 'bad' }, { index: 2, hash: 'bad' }, frame(4, 30, 2)];
    const d = findDuplicates(frames, options);
    expect(d.get(1)).toMatchObject({ exact_of: null, near_of: null });
    expect(d.get(2)).toMatchObject({ exact_of: 1 });
    expect(d.get(4)).toMatchObject({ near_of: 0 });
  });

  it('points at the group representative only when it matches too', () => {
    const frames = [frame(0, 30, 1), frame(1, 30, 2), frame(2, 30, 3)];
    const d = findDuplicates(frames, options);
    expect(d.get(2)).toMatchObject({ near_of: 0, group: '0' });
  });
});

describe('firstInOrder', () => {
  it('takes what sorting by (distance, newest first) and keeping k would', () => {
    let s = 7;
    const rand = (n: number) => ((s = (s * 1664525 + 1013904223) >>> 0) % n);
    for (const [count, k] of [[0, 3], [2, 9], [9, 9], [500, 9], [500, 1]]) {
      const ids = [...new Set(Array.from({ length: count }, () => rand(100000)))];
      const matches = ids.map((id) => ({ id, distance: rand(9) }));
      const sorted = [...matches].sort((a, b) => a.distance - b.distance || b.id - a.id).slice(0, k);
      expect(firstInOrder(matches, k)).toEqual(sorted);
    }
  });
});
