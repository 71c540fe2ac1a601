import { Type, defineStage, type FrameRecord } from '@winnow/sdk';
import { SelectConfig } from './config';
import { budgetOf } from './budget';
import { pickDiverse, type Candidate } from './farthest-point';
import { frameFacts } from './frame-facts';
import { unitsOf } from './representatives';
import { segmentScenes } from './scenes';
import { clipVector, fingerprintVector } from './vectors';

/** Why a frame is kept or dropped. README.md pins each. */
export type SelectReason = 'unreadable' | 'blurry' | 'dark' | 'overexposed' | 'duplicate' | 'near-duplicate' | 'idle' | 'budget' | 'unique' | 'representative' | 'scene-cover' | 'diverse';

/** Per-frame record of `select`. */
export type Selection = {
  readonly keep: boolean;
  readonly reason: SelectReason;
  readonly scene: number;
  /** The kept frame that stands for this one (its duplicate group or idle interval), or null. */
  readonly represented_by: number | null;
};

const CURATION = ['blur', 'darkness', 'dedup', 'idle', 'dedup-features'];

export const selectStage = defineStage({
  name: 'select',
  version: '1.0.0',
  description: 'Which frames to keep: drops unreadable, blurry, badly exposed frames and duplicates, keeps the sharpest of each near-duplicate group and idle interval, numbers scenes, and under a budget keeps a diverse subset.',
  partition: 'stream',
  inputs: [...CURATION, 'clip-embed'],
  inputsFor: (cfg) => (cfg.features === 'clip' ? [...CURATION, 'clip-embed'] : CURATION),
  config: SelectConfig,
  records: { frame: Type.Object({ keep: Type.Boolean(), reason: Type.String(), scene: Type.Integer(), represented_by: Type.Union([Type.Integer(), Type.Null()]) }) },
  report: {
    keep: 'keep',
    facets: [
      { field: 'reason', label: 'Reason' },
      { field: 'scene', label: 'Scene', count: 'scenes' },
    ],
  },
  run(input, ctx) {
    const cfg = ctx.config;
    const facts = frameFacts(input, cfg.minExposure);
    const features = input.inputs['dedup-features'];
    const fingerprints = facts.map((f) => (f.unusable === null ? fingerprintVector(features?.get(f.index)) : null));
    const scenes = segmentScenes(fingerprints, cfg.sceneCut, cfg.minSceneFrames);
    const out = new Map<number, Selection>();
    const candidates: number[] = [];
    for (const unit of unitsOf(facts)) {
      const rep = unit.representative;
      for (const i of unit.members) {
        const f = facts[i];
        const by = rep !== null && rep !== i ? facts[rep].index : null;
        if (i === rep) {
          candidates.push(i);
          out.set(i, { keep: true, reason: unit.members.length > 1 ? 'representative' : 'unique', scene: scenes[i], represented_by: null });
        } else {
          const reason = f.unusable ?? (f.exactOf !== null ? 'duplicate' : f.idleStart !== null ? 'idle' : 'near-duplicate');
          out.set(i, { keep: false, reason, scene: scenes[i], represented_by: f.unusable ? null : by });
        }
      }
    }
    candidates.sort((a, b) => a - b);
    const k = budgetOf(cfg, facts.length);
    if (k < candidates.length) {
      const vectorOf = cfg.features === 'clip' ? (i: number) => clipVector(input.inputs['clip-embed']?.get(facts[i].index)) : (i: number) => fingerprints[i];
      const usable: Candidate[] = [];
      for (const pos of candidates) {
        const vector = vectorOf(pos);
        if (vector) usable.push({ pos, scene: scenes[pos], vector });
      }
      const picked = new Map(pickDiverse(usable, k).map((p) => [p.pos, p.reason]));
      for (const pos of candidates) {
        const was = out.get(pos) as Selection;
        const reason = picked.get(pos);
        out.set(pos, reason ? { ...was, reason } : { ...was, keep: false, reason: 'budget' });
      }
    }
    const frames: (readonly [number, FrameRecord])[] = facts.map((f, i) => [f.index, out.get(i) as Selection]);
    return { frames };
  },
});
