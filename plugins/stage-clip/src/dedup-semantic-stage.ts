import { Type, defineStage, fatalStageError, type FrameRecord } from '@winnow/sdk';
import { DedupSemanticConfig } from './config';
import { decodeEmbedding, isStoredEmbedding, type StoredEmbedding } from '@winnow/fingerprint';
import { findSemanticDuplicates, type SemanticFrame } from './semantic-duplicates';
import { UsearchIndex } from './usearch-index';

/** The fields of a `dedup` record this stage reads. */
interface DedupRecord {
  readonly exact_of?: number | null;
  readonly near_of?: number | null;
}

/**
 * A semantic second opinion to `dedup` within a stream: CLIP similarity re-checks the pairs dedup confirmed
 * and proposes near-duplicates among the frames it did not, through a usearch (HNSW, cosine) index of group
 * representatives. It never changes `dedup`'s records.
 */
export const dedupSemanticStage = defineStage({
  name: 'dedup-semantic',
  version: '0.1.0',
  description: 'Semantic near-duplicates by CLIP cosine similarity (usearch index), as a second opinion to dedup: per frame semantic_of, similarity, agrees_with_dedup.',
  partition: 'stream',
  inputs: ['dedup', 'clip-embed'],
  config: DedupSemanticConfig,
  records: { frame: Type.Object({ semantic_of: Type.Union([Type.Integer(), Type.Null()]), similarity: Type.Union([Type.Number(), Type.Null()]), agrees_with_dedup: Type.Union([Type.Boolean(), Type.Null()]), dedup_of: Type.Union([Type.Integer(), Type.Null()]) }) },
  optIn: true,
  run(input, ctx) {
    const clip = input.inputs['clip-embed'] ?? new Map<number, FrameRecord>();
    const dedup = input.inputs['dedup'] ?? new Map<number, FrameRecord>();
    const stored = new Map<number, StoredEmbedding>();
    let model: string | null = null;
    let dim: number | null = null;
    for (const [index, rec] of clip) {
      if (!isStoredEmbedding(rec)) continue;
      if (model !== null && (rec.model_sha256 !== model || rec.dim !== dim)) {
        throw fatalStageError('CLIP_MIXED_EMBEDDINGS', `stream ${input.stream.name}: clip-embed records come from different models (sha256 ${model} with ${dim} dims and ${rec.model_sha256} with ${rec.dim}, frame ${index}): rerun clip-embed`);
      }
      model = rec.model_sha256;
      dim = rec.dim;
      stored.set(index, rec);
    }
    const frames: SemanticFrame[] = [...input.frames]
      .sort((a, b) => a.index - b.index)
      .map((f) => {
        const d = dedup.get(f.index) as DedupRecord | undefined;
        return { index: f.index, dedupOf: d?.near_of ?? d?.exact_of ?? null };
      });
    if (dim === null) {
      ctx.logger.warn('dedup-semantic: no frame of the stream has a CLIP embedding', { stream: input.stream.name });
      return { frames: [] };
    }
    const cache = new Map<number, Float32Array>();
    const embeddingOf = (index: number): Float32Array | null => {
      let e = cache.get(index);
      if (!e) {
        const s = stored.get(index);
        if (!s) return null;
        e = decodeEmbedding(s);
        // Keep only recent decodes: candidates and dedup targets are mostly recent, the index holds its own copy.
        if (cache.size >= 4096) cache.delete(cache.keys().next().value as number);
        cache.set(index, e);
      }
      return e;
    };
    const decisions = findSemanticDuplicates(frames, embeddingOf, new UsearchIndex(dim), ctx.config);
    let proposed = 0;
    let disagreed = 0;
    const out: (readonly [number, FrameRecord])[] = [];
    for (const [index, d] of decisions) {
      if (d.dedup_of === null && d.semantic_of !== null) proposed++;
      if (d.dedup_of !== null && d.agrees_with_dedup === false) disagreed++;
      out.push([index, { ...d }]);
    }
    ctx.logger.info('dedup-semantic', { stream: input.stream.name, frames: decisions.size, proposed, dedupPairsBelowThreshold: disagreed, model });
    return { frames: out };
  },
});
