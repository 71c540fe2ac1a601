import type { FrameRef, FrameRecord } from '@winnow/sdk';
import { stageContext } from '@winnow/sdk/testing';
import { idleFeaturesStage } from './idle-features-stage';
import { idleStage } from './idle-stage';
import type { IdleConfig } from './config';

const ctx = <C>(config: C) => stageContext(config, { stream: { id: 's1', name: 'stream_000' } });

/** A 256x144 textured scene with a dark square at x, plus noise. */
function view(x: number, seed: number): Uint8Array {
  let a = seed >>> 0;
  const next = (): number => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
  const out = new Uint8Array(256 * 144);
  for (let yy = 0; yy < 144; yy++) {
    for (let xx = 0; xx < 256; xx++) {
      let v = 100 + 40 * Math.sin(xx / 9) * Math.cos(yy / 13);
      if (xx >= x && xx < x + 20 && yy >= 60 && yy < 80) v = 20;
      out[yy * 256 + xx] = Math.max(0, Math.min(255, Math.round(v + 4 * (next() - 0.5))));
    }
  }
  return out;
}

describe('idle stages', () => {
  it('finds an idle interval, bridging an unreadable frame and a missing index', async () => {
    // Frames 0..59: the square moves 2 px a frame except in 15..44 where it stands still.
    const xs = Array.from({ length: 60 }, (_, i) => (i < 15 ? 10 + 2 * i : i <= 44 ? 40 : 40 + 2 * (i - 44)));
    const missing = 30;
    const broken = 25;
    const frames: FrameRef[] = [];
    const recs = new Map<number, FrameRecord>();
    for (let i = 0; i < 60; i++) {
      if (i === missing) continue;
      frames.push({ index: i, path: `image_${i}.jpg`, blake3: `b${i}`, width: 1920, height: 1080, error: i === broken ? { code: 'truncated', message: 'x' } : null });
      if (i === broken) continue;
      const data = view(xs[i], i + 1);
      const rec = await idleFeaturesStage.measure(
        { index: i, path: `image_${i}.jpg`, blake3: `b${i}`, width: 1920, height: 1080, views: { motion: { width: 256, height: 144, channels: 1, data } }, inputs: {} },
        ctx({}),
      );
      recs.set(i, rec);
    }
    const config: IdleConfig = { motionZ: 3.4, minFrames: 20, smoothWindow: 3, noiseFloor: 0.05 };
    const res = await idleStage.run({ stream: { id: 's1', name: 'stream_000' }, frames, inputs: { 'idle-features': recs }, tables: {} }, ctx(config));
    const intervals = (res.tables as { idle_intervals: number[][] }).idle_intervals;
    expect(intervals.map((iv) => iv.slice(0, 2))).toEqual([[15, 44]]);
    const out = new Map([...res.frames]);
    expect(out.get(20)).toMatchObject({ flag: true, compared_to: 19 });
    expect(out.get(26)).toMatchObject({ flag: true, compared_to: 24 });
    expect(out.get(broken)).toMatchObject({ flag: true, motion: null });
    expect(out.get(50)).toMatchObject({ flag: false });
  });
});
