import type { CatalogFrame } from '../ingest/catalog';

export interface Batch {
  /** First and last frame index the batch covers (index-aligned: batch k covers k*size .. k*size+size-1). */
  readonly start: number;
  readonly end: number;
  readonly frames: readonly CatalogFrame[];
}

/**
 * Index-aligned batches: a frame's batch depends only on its index, so filling a gap or appending frames
 * invalidates only the batches they fall in. Ranges with no frame make no batch.
 */
export function batchesOf(frames: readonly CatalogFrame[], size: number): Batch[] {
  const out: Batch[] = [];
  for (const f of frames) {
    const k = Math.floor(f.index / size);
    const last = out.at(-1);
    if (last && last.start === k * size) (last.frames as CatalogFrame[]).push(f);
    else out.push({ start: k * size, end: k * size + size - 1, frames: [f] });
  }
  return out;
}

/** Splits work into pieces of about `size` frames, so that a batch spreads over every worker. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
