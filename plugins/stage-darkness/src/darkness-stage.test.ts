import type { FrameRecord, FrameRef } from '@winnow/sdk';
import { stageContext } from '@winnow/sdk/testing';
import { DarknessConfig } from './darkness-config';
import { darknessStage } from './darkness-stage';

const config: DarknessConfig = { threshold: 0.49, window: 300, referencePercentile: 90, minReference: 16, overexposedLuma: 243 };
const ctx = stageContext(config);
const ref = (index: number, error = false): FrameRef => ({ index, path: `image_${index}.jpg`, blake3: '', width: 8, height: 8, error: error ? { code: 'decode', message: 'bad' } : null });
const rec = (level: number, p05 = level / 2): FrameRecord => ({ mean: level, p05, p50: Math.round(level), p95: level * 1.5, level });

async function run(levels: (number | null)[], overrides: Partial<DarknessConfig> = {}) {
  const frames = levels.map((l, i) => ref(i, l === null));
  const feats = new Map<number, FrameRecord>();
  levels.forEach((l, i) => l !== null && feats.set(i, rec(l)));
  const res = await darknessStage.run({ stream: { id: 's', name: 's' }, frames, inputs: { 'darkness-features': feats }, tables: {} }, { ...ctx, config: { ...config, ...overrides } });
  return new Map(res.frames);
}

describe('darkness stage', () => {
  it('keeps a whole night dark against the daylight around it', async () => {
    const levels = Array.from({ length: 600 }, (_, i) => (i >= 200 && i < 350 ? 20 : 100));
    const out = await run(levels);
    expect([...out.entries()].filter(([, r]) => r.flag).map(([i]) => i)).toEqual(Array.from({ length: 150 }, (_, k) => 200 + k));
  });
  it.each([12, 50, 150])('flags a run of %i consecutive underexposed frames whole, in a stream whose level wobbles', async (length) => {
    const levels = Array.from({ length: 1000 }, (_, i) => (i >= 400 && i < 400 + length ? 18 : 100 + 15 * Math.sin(i * 0.7)));
    const out = await run(levels);
    expect([...out.entries()].filter(([, r]) => r.flag).map(([i]) => i)).toEqual(Array.from({ length }, (_, k) => 400 + k));
  });
  it('judges a stream that starts dark against the daylight that follows', async () => {
    const levels = Array.from({ length: 500 }, (_, i) => (i < 120 ? 15 : 110));
    const out = await run(levels);
    expect(out.get(0)).toMatchObject({ flag: true });
    expect(out.get(119)).toMatchObject({ flag: true });
    expect(out.get(120)).toMatchObject({ flag: false });
  });
  it('falls back to the absolute floor when no frame is bright', async () => {
    const out = await run([3, 3, 3, 3]);
    expect(out.get(0)).toMatchObject({ flag: true, reference: 16 });
    const dim = await run([40, 40, 40]);
    expect(dim.get(1)).toMatchObject({ flag: false, reference: 40 });
  });
  it('skips unreadable frames, handles one frame and flags overexposure', async () => {
    const out = await run([100, null, 100]);
    expect(out.has(1)).toBe(false);
    expect((await run([80])).get(0)).toMatchObject({ flag: false, ratio: 1 });
    const feats = new Map<number, FrameRecord>([[0, rec(250, 245)]]);
    const res = await darknessStage.run({ stream: { id: 's', name: 's' }, frames: [ref(0)], inputs: { 'darkness-features': feats }, tables: {} }, ctx);
    expect(new Map(res.frames).get(0)).toMatchObject({ overexposed: true, flag: false });
  });
  it('has a default and a description for every config field', () => {
    for (const s of Object.values(DarknessConfig.properties)) {
      expect((s as { default?: unknown }).default).toBeDefined();
      expect((s as { description?: unknown }).description).toBeDefined();
    }
  });
});
