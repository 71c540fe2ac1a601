import type { FrameRecord, FrameRef } from '@winnow/sdk';
import { stageContext } from '@winnow/sdk/testing';
import { BlurConfig } from './blur-config';
import { blurStage } from './blur-stage';

const config: BlurConfig = { threshold: 0.45, window: 10, reach: 300, minNeighbours: 4 };
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
  /** A sharp stream with natural variation (a repeatable wobble), and what `degrade` does to some frames. */
  async function verdicts(length: number, degrade: (i: number, s: number) => number) {
    const frames = Array.from({ length }, (_, i) => ref(i));
    const feats = new Map<number, FrameRecord>(frames.map((f) => [f.index, { score: 100, sharpness: degrade(f.index, 1 + 0.25 * Math.sin(f.index * 1.7) * Math.cos(f.index * 0.31)) }]));
    const res = await blurStage.run({ stream: { id: 's', name: 's' }, frames, inputs: { 'blur-features': feats }, tables: {} }, ctx);
    return new Map([...res.frames].map(([i, r]) => [i, r.flag as boolean]));
  }
  it.each([12, 50, 150])('flags a run of %i consecutive strongly blurred frames whole (the run is not its own reference)', async (run) => {
    const start = 400;
    const flags = await verdicts(1000, (i, s) => (i >= start && i < start + run ? s / 80 : s));
    const flagged = [...flags].filter(([, f]) => f).map(([i]) => i);
    expect(flagged).toEqual(Array.from({ length: run }, (_, k) => start + k));
  });
  it('does not flag a lasting change to a scene with less detail (only its level changes)', async () => {
    const flags = await verdicts(1000, (i, s) => (i >= 500 ? s * 0.25 : s));
    expect([...flags].filter(([, f]) => f).length).toBeLessThanOrEqual(1);
  });
  it('has a default and a description for every config field', () => {
    for (const s of Object.values(BlurConfig.properties)) {
      expect((s as { default?: unknown }).default).toBeDefined();
      expect((s as { description?: unknown }).description).toBeDefined();
    }
  });
});
