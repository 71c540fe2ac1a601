import { contentDistance, decodeGrid, type BlockGrid } from '@winnow/fingerprint';
import { Type, defineStage, type FrameRecord, type JobStreamInput } from '@winnow/sdk';
import { DedupConfig } from './config';
import type { DedupFeatures } from './dedup-features-stage';
import { HammingIndex } from './hamming-index';
import { parseHash64 } from './hamming';

/** A group representative of one stream (the first frame of a within-stream duplicate group). */
interface Rep {
  readonly stream: number;
  readonly index: number;
  readonly blake3: string;
  readonly phash: string;
  readonly grid: string;
  readonly gridW: number;
  readonly gridH: number;
}

interface Match {
  readonly rep: Rep;
  readonly z: number;
  readonly exact: boolean;
}

/**
 * Duplicates ACROSS the streams of a job, in input order: each within-stream group representative (from the
 * `dedup` stage) is matched against the representatives of earlier streams, exactly by content hash or by a
 * pHash candidate (multi-index Hamming index, never a quadratic scan) confirmed by the same noise-relative
 * block comparison as `dedup`. Only representatives are held in memory.
 */
export const dedupAcrossStage = defineStage({
  name: 'dedup-across',
  version: '1.0.0',
  description: 'Duplicate clusters across all streams of a job: per frame its cluster and the earlier stream frame it repeats; per job a cluster table.',
  partition: 'job',
  inputs: ['dedup', 'dedup-features'],
  config: DedupConfig,
  records: {
    frame: Type.Object({
      cluster: Type.String(),
      cross_of: Type.Union([Type.Object({ stream: Type.String(), frame_idx: Type.Integer() }), Type.Null()]),
      cross_exact: Type.Union([Type.Boolean(), Type.Null()]),
      cross_z: Type.Union([Type.Number(), Type.Null()]),
    }),
    tables: { clusters: Type.Object({ cluster: Type.String(), representative_stream: Type.String(), representative_idx: Type.Integer(), streams: Type.Integer(), frames: Type.Integer() }) },
  },
  report: { groups: { field: 'cluster', key: 'crossClusters', label: 'Duplicates across streams', across: true } },
  async run(input, ctx) {
    const { hammingRadius, confirmZ, noiseFloor, maxCandidates, bucketLimit } = ctx.config;
    const index = new HammingIndex();
    const byBlake = new Map<string, Rep>();
    const reps: Rep[] = [];
    const clusterOf = new Map<Rep, Rep>();
    const grids = new Map<Rep, BlockGrid>();
    const gridOf = (r: Rep): BlockGrid => {
      let g = grids.get(r);
      if (!g) grids.set(r, (g = decodeGrid(r.gridW, r.gridH, r.grid)));
      return g;
    };
    const streamsOut: Record<string, { frames: [number, FrameRecord][] }> = {};
    const clusterCount = new Map<Rep, { streams: Set<number>; frames: number }>();

    for (const [s, stream] of input.streams.entries()) {
      const groups = await groupsOf(stream);
      const mine = await representatives(stream, s, groups);
      const matched = new Map<number, Match>();
      for (const rep of mine) {
        const m = findEarlier(rep);
        if (m) matched.set(rep.index, m);
        clusterOf.set(rep, m ? (clusterOf.get(m.rep) as Rep) : rep);
      }
      // Added after the whole stream is matched: within a stream, `dedup` already decided.
      for (const rep of mine) {
        const h = parseHash64(rep.phash);
        index.add(reps.length, h.hi, h.lo);
        reps.push(rep);
        if (!byBlake.has(rep.blake3)) byBlake.set(rep.blake3, rep);
      }
      const repByIndex = new Map(mine.map((r) => [r.index, r]));
      const frames: [number, FrameRecord][] = [];
      for (const [frame, group] of groups) {
        const rep = repByIndex.get(group);
        if (!rep) continue;
        const root = clusterOf.get(rep) as Rep;
        const m = matched.get(group);
        const c = clusterCount.get(root) ?? { streams: new Set<number>(), frames: 0 };
        c.streams.add(s);
        c.frames++;
        clusterCount.set(root, c);
        frames.push([
          frame,
          {
            cluster: clusterId(input.streams, root),
            cross_of: m ? { stream: input.streams[m.rep.stream].stream.name, frame_idx: m.rep.index } : null,
            cross_exact: m ? m.exact : null,
            cross_z: m && !m.exact ? Math.round(m.z * 1000) / 1000 : null,
          },
        ]);
      }
      streamsOut[stream.stream.id] = { frames };
    }

    const clusters = [...clusterCount.entries()]
      .filter(([, c]) => c.streams.size > 1)
      .map(([root, c]) => [clusterId(input.streams, root), input.streams[root.stream].stream.name, root.index, c.streams.size, c.frames]);
    return { streams: streamsOut, tables: { clusters } };

    function findEarlier(rep: Rep): Match | null {
      const exact = byBlake.get(rep.blake3);
      if (exact) return { rep: exact, z: 0, exact: true };
      const h = parseHash64(rep.phash);
      const candidates = index
        .query(h.hi, h.lo, hammingRadius, bucketLimit)
        .sort((a, b) => a.distance - b.distance || a.id - b.id)
        .slice(0, maxCandidates);
      let best: Match | null = null;
      for (const c of candidates) {
        const other = reps[c.id];
        const { z } = contentDistance(gridOf(other), gridOf(rep), noiseFloor);
        if (z <= confirmZ && (!best || z < best.z)) best = { rep: other, z, exact: false };
      }
      return best;
    }
  },
});

/** Frame index -> its within-stream group representative's index, from the `dedup` stage. */
async function groupsOf(stream: JobStreamInput): Promise<Map<number, number>> {
  const groups = new Map<number, number>();
  for await (const [index, rec] of stream.records('dedup')) {
    const group = Number((rec as { group?: unknown }).group);
    groups.set(index, Number.isInteger(group) ? group : index);
  }
  return groups;
}

async function representatives(stream: JobStreamInput, s: number, groups: ReadonlyMap<number, number>): Promise<Rep[]> {
  const blake = new Map(stream.frames.map((f) => [f.index, f.blake3]));
  const out: Rep[] = [];
  for await (const [index, rec] of stream.records('dedup-features')) {
    if (groups.get(index) !== index) continue;
    const f = rec as unknown as DedupFeatures;
    out.push({ stream: s, index, blake3: blake.get(index) ?? '', phash: f.phash, grid: f.grid, gridW: f.grid_w, gridH: f.grid_h });
  }
  return out;
}

function clusterId(streams: readonly JobStreamInput[], root: Rep): string {
  return `${streams[root.stream].stream.name}:${root.index}`;
}
