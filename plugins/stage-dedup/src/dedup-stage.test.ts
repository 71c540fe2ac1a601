import type { FrameRef } from '@winnow/sdk';
import { stageContext } from '@winnow/sdk/testing';
import { dedupFeaturesStage } from './dedup-features-stage';
import { dedupStage } from './dedup-stage';
import type { DedupConfig } from './config';
import { picture } from '../../fingerprint/src/testing/test-pictures';

const ctx = <C>(config: C) => stageContext(config, { stream: { id: 's1', name: 'stream_000' } });

function measure(index: number, x: number, seed: number) {
  const fine = picture({ width: 256, height: 144, square: { x, y: 40, side: 30, level: 10 }, noise: 2, seed });
  const thumb = picture({ width: 32, height: 32, square: { x: Math.round(x / 8), y: 9, side: 4, level: 10 }, noise: 2, seed });
  return dedupFeaturesStage.measure(
    {
      index,
      path: `image_${index}.jpg`,
      blake3: `b${index}`,
      width: 1920,
      height: 1080,
      views: { thumb: { width: 32, height: 32, channels: 1, data: thumb }, fine: { width: 256, height: 144, channels: 1, data: fine } },
      inputs: {},
    },
    ctx({}),
  );
}

describe('dedup stages', () => {
  it('declare one decode worth of views and a JSON record', async () => {
    expect(dedupFeaturesStage.views).toEqual({ thumb: { kind: 'grey', width: 32, height: 32 }, fine: { kind: 'grey', maxSide: 256 } });
    const rec = await measure(0, 20, 1);
    expect(rec).toMatchObject({ grid_w: 64, grid_h: 36 });
    expect(JSON.parse(JSON.stringify(rec))).toEqual(rec);
  });

  it('runs over a stream with unreadable frames and a gap in the numbering', async () => {
    const frames: FrameRef[] = [0, 1, 2, 4, 5].map((index) => ({ index, path: `image_${index}.jpg`, blake3: index === 5 ? 'b0' : `b${index}`, width: 1920, height: 1080, error: index === 2 ? { code: 'truncated', message: 'x' } : null }));
    const recs = new Map([
      [0, await measure(0, 20, 1)],
      [1, await measure(1, 60, 2)],
      [4, await measure(4, 60, 3)],
      [5, await measure(0, 20, 1)],
    ]);
    const config: DedupConfig = { hammingRadius: 8, confirmZ: 3.4, noiseFloor: 0.05, maxCandidates: 8, bucketLimit: 512 };
    const res = await dedupStage.run({ stream: { id: 's1', name: 'stream_000' }, frames, inputs: { 'dedup-features': recs }, tables: {} }, ctx(config));
    const out = new Map([...res.frames]);
    expect(out.get(4)).toMatchObject({ near_of: 1, exact_of: null });
    expect(out.get(5)).toMatchObject({ exact_of: 0, near_of: 0 });
    expect(out.get(2)).toMatchObject({ exact_of: null, near_of: null });
    expect(out.size).toBe(5);
  });
});
