import { encodeGrid } from '@winnow/fingerprint';
import type { FrameRecord, FrameRef } from '@winnow/sdk';
import { stageContext } from '@winnow/sdk/testing';
import { budgetOf } from './budget';
import { selectStage, type Selection } from './select-stage';

const config = { budget: '', minExposure: 0.55, maxFrames: 0, features: 'fingerprint' as const, sceneCut: 0.8, minSceneFrames: 2 };

/** A 16x9 grid: a gradient (scene A) or its mirror (scene B), plus a bump at `x` for a moving object. */
function grid(scene: 'A' | 'B', x: number): FrameRecord {
  const means = new Float64Array(16 * 9);
  for (let i = 0; i < means.length; i++) means[i] = (scene === 'A' ? i % 16 : 15 - (i % 16)) * 10 + (i % 16 === x ? 3 : 0) + 20;
  return { phash: '0', grid_w: 16, grid_h: 9, grid: encodeGrid({ width: 16, height: 9, means }) };
}

/**
 * 20 frames: 0 unreadable, 1 blurry, 2 dark (and blurry: exposure comes first), 7 at the edge of dark; 3-6 a near-duplicate group (5 sharpest) with 6 an exact copy of 5;
 * 8-12 an idle interval (10 sharpest); 13-19 a second scene.
 */
function input() {
  const frames: FrameRef[] = [];
  const recs: Record<string, Map<number, FrameRecord>> = { blur: new Map(), darkness: new Map(), dedup: new Map(), idle: new Map(), 'dedup-features': new Map() };
  for (let i = 0; i < 20; i++) {
    frames.push({ index: i, path: `image_${i}.jpg`, blake3: `b${i}`, width: 160, height: 90, error: i === 0 ? { code: 'FRAME_CORRUPT', message: 'x' } : null });
    if (i === 0) continue;
    recs['dedup-features'].set(i, grid(i < 13 ? 'A' : 'B', i % 16));
    recs.blur.set(i, { flag: i === 1 || i === 2, sharpness: i === 5 || i === 6 || i === 10 ? 9 : 5 });
    recs.darkness.set(i, { flag: i === 2, ratio: i === 2 ? 0.3 : i === 7 ? 0.52 : 1, overexposed: false });
    const group = i >= 3 && i <= 6 ? 3 : i >= 8 && i <= 12 ? 8 : i;
    recs.dedup.set(i, { exact_of: i === 6 ? 5 : null, near_of: group !== i ? group : null, group: String(group) });
    recs.idle.set(i, { flag: i >= 8 && i <= 12, interval_start: i >= 8 && i <= 12 ? 8 : null });
  }
  return { stream: { id: 's', name: 's' }, frames, inputs: recs, tables: {} };
}

async function run(cfg = config): Promise<Map<number, Selection>> {
  const res = await selectStage.run(input(), stageContext(cfg, { stream: { id: 's', name: 's' } }));
  return new Map([...res.frames] as [number, Selection][]);
}

test('drops what curation rejects and keeps the sharpest of each group and idle interval, with reasons and scenes', async () => {
  const out = await run();
  const reasons = [...out.values()].map((s) => s.reason);
  expect(reasons.slice(0, 13)).toEqual(['unreadable', 'blurry', 'dark', 'near-duplicate', 'near-duplicate', 'representative', 'duplicate', 'dark', 'idle', 'idle', 'representative', 'idle', 'idle']);
  expect(out.get(4)).toEqual({ keep: false, reason: 'near-duplicate', scene: 0, represented_by: 5 });
  expect(out.get(6)).toMatchObject({ keep: false, reason: 'duplicate', represented_by: 5 });
  expect(out.get(10)).toMatchObject({ keep: true, reason: 'representative' });
  expect([...out.values()].map((s) => s.scene)).toEqual([...Array(13).fill(0), ...Array(7).fill(1)]);
  expect([...out.values()].filter((s) => s.keep)).toHaveLength(2 + 7);
  expect(await run()).toEqual(out); // deterministic
});

test('a budget keeps round(share x frames), each scene first', async () => {
  const out = await run({ ...config, budget: '10%' });
  const kept = [...out.entries()].filter(([, s]) => s.keep);
  expect(kept).toHaveLength(2);
  expect(kept.map(([, s]) => [s.scene, s.reason])).toEqual([
    [0, 'scene-cover'],
    [1, 'scene-cover'],
  ]);
  expect([...out.values()].filter((s) => s.reason === 'budget')).toHaveLength(9 - 2);
  expect(budgetOf({ budget: '10%', maxFrames: 0 }, 605)).toBe(61);
  expect(budgetOf({ budget: '10%', maxFrames: 5 }, 605)).toBe(5);
  expect(budgetOf({ budget: '', maxFrames: 0 }, 605)).toBe(Number.POSITIVE_INFINITY);
});

test('reads clip-embed only when the budget is measured on CLIP embeddings', () => {
  expect(selectStage.inputsFor?.(config)).not.toContain('clip-embed');
  expect(selectStage.inputsFor?.({ ...config, features: 'clip' })).toContain('clip-embed');
});
