import type { FrameRecord, FrameRef } from '@winnow/sdk';
import { stageContext } from '@winnow/sdk/testing';
import { BlurConfig } from './blur-config';
import { blurStage } from './blur-stage';

const config: BlurConfig = { threshold: 0.45, window: 10, minNeighbours: 4 };
const ctx = stageContext(config);
const ref = (index: number, error = false): FrameRef => ({ index, path: `image_${index}.jpg`, blake3: '', width: 8, height: 8, error: error ? { code: 'decode', message: 'bad' } : null });

describe('blur stage', () => {
  it('flags a frame far below its neighbours and skips frames without features', async () => {
    const frames = Array.from({ length: 30 }, (_, i) => ref(i, i === 7));
    const feats = new Map<number, FrameRecord>();
    for (const f of frames) if (!f.error) feats.set(f.index, { score: 100, sharpness: f.index === 12 ? 0.2 : 1 + 0.01 * (f.index % 3) });
    const res = await blurStage.run({ stream: { id: 's', name: 's' }, frames, inputs: { 'blur-features': feats }, tables: {} }, ctx);
    const out = new Map(res.frames);
    expect(out.has(7)).toBe(false);
    expect(out.size).toBe(29);
    expect(out.get(12)).toMatchObject({ flag: true, score: 100 });
    expect([...out.values()].filter((r) => r.flag)).toHaveLength(1);
  });
  it('does not flag when there is no reference (short or detail-free stream)', async () => {
    const frames = [ref(0), ref(1)];
    const feats = new Map<number, FrameRecord>([
      [0, { score: 0, sharpness: 0 }],
      [1, { score: 0, sharpness: 0 }],
    ]);
    const res = await blurStage.run({ stream: { id: 's', name: 's' }, frames, inputs: { 'blur-features': feats }, tables: {} }, ctx);
    for (const [, r] of res.frames) expect(r).toMatchObject({ flag: false, ratio: null });
  });
  it('has a default and a description for every config field', () => {
    for (const s of Object.values(BlurConfig.properties)) {
      expect((s as { default?: unknown }).default).toBeDefined();
      expect((s as { description?: unknown }).description).toBeDefined();
    }
  });
});
