import { Type, defineStage, type FrameRecord } from '@winnow/sdk';
import { decodeGrid } from '@winnow/fingerprint';
import { DedupConfig } from './config';
import type { DedupFeatures } from './dedup-features-stage';
import { findDuplicates, type DedupFrame } from './find-duplicates';

export const dedupStage = defineStage({
  name: 'dedup',
  version: '1.1.0',
  description: 'Exact duplicates by content hash; near-duplicates by pHash candidates confirmed by a noise-relative block comparison.',
  partition: 'stream',
  inputs: ['dedup-features'],
  config: DedupConfig,
  records: {
    frame: Type.Object({ exact_of: Type.Union([Type.Integer(), Type.Null()]), near_of: Type.Union([Type.Integer(), Type.Null()]), group: Type.String(), distance: Type.Union([Type.Integer(), Type.Null()]), z: Type.Union([Type.Number(), Type.Null()]), confidence: Type.Union([Type.Number(), Type.Null()]), candidates: Type.Integer() }),
  },
  report: {
    findings: [
      { key: 'duplicates', label: 'Exact duplicates', field: 'exact_of' },
      { key: 'nearDuplicates', label: 'Near-duplicates', field: 'near_of', unless: 'exact_of', score: 'z' },
    ],
    groups: { field: 'group', key: 'duplicateClusters', label: 'Duplicate clusters' },
  },
  run(input, ctx) {
    const features = input.inputs['dedup-features'] ?? new Map<number, FrameRecord>();
    const frames: DedupFrame[] = [...input.frames]
      .sort((a, b) => a.index - b.index)
      .map((f) => {
        const rec = f.error ? undefined : (features.get(f.index) as DedupFeatures | undefined);
        if (!rec) return { index: f.index, hash: f.blake3 };
        return { index: f.index, hash: f.blake3, phash: rec.phash, grid: () => decodeGrid(rec.grid_w, rec.grid_h, rec.grid) };
      });
    const decisions = findDuplicates(frames, ctx.config);
    const out: (readonly [number, FrameRecord])[] = [];
    for (const [index, d] of decisions) out.push([index, { ...d }]);
    return { frames: out };
  },
});
