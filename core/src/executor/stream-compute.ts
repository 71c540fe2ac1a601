import type { FrameError, FrameRecord, FrameRef, Logger, StreamStage } from '@winnow/sdk';
import type { Catalog } from '../ingest/catalog';
import { ArtifactStore } from '../store/artifact-store';
import { WorkspaceLayout } from '../workspace/layout';
import { PARTITION_MEDIA_TYPE, decodePartition, encodePartition, sortedByFrame } from './partition-output';
import type { StreamTask } from './tasks';

/** The catalog as stages see it, with decode errors that batch stages found merged in. */
export function frameRefs(catalog: Catalog | { readonly frames: readonly FrameRef[] }, decodeErrors: ReadonlyMap<number, FrameError> = new Map()): FrameRef[] {
  return catalog.frames.map((f) => ({ index: f.index, path: f.path, blake3: f.blake3, width: f.width, height: f.height, error: f.error ?? decodeErrors.get(f.index) ?? null }));
}

/** A stream task with its stage loaded, and what the stage's context needs besides. */
export interface StreamComputation extends Omit<StreamTask, 'kind' | 'hookModule' | 'name'> {
  readonly stage: StreamStage;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}

/**
 * One stream stage over a whole stream: reads its inputs' artifacts, runs the stage, stores its output and
 * returns the artifact's digest. Runs in a worker thread (`WorkerPool.stream`), so that a long decision (a
 * duplicate search over a long stream) never holds up the host's event loop: the other streams' batches keep
 * being dispatched, and the gateway keeps its heartbeats.
 */
export async function computeStream(c: StreamComputation): Promise<{ artifact: string; frames: number }> {
  const artifacts = new ArtifactStore(new WorkspaceLayout(c.workspace));
  const inputs: Record<string, Map<number, FrameRecord>> = {};
  const tables: Record<string, Record<string, unknown>> = {};
  const decodeErrors = new Map<number, FrameError>();
  for (const [type, digests] of Object.entries(c.inputs)) {
    const map = new Map<number, FrameRecord>();
    for (const digest of digests) {
      const part = decodePartition(await artifacts.get(digest));
      for (const [i, rec] of part.frames) if (!('error' in rec)) map.set(i, rec);
      for (const [i, err] of part.errors) decodeErrors.set(i, err);
      if (Object.keys(part.tables).length > 0) tables[type] = { ...part.tables };
    }
    inputs[type] = map;
  }
  const result = await c.stage.run(
    { stream: c.stream, frames: frameRefs({ frames: c.frames }, decodeErrors), inputs, tables },
    { config: c.config as never, stream: c.stream, signal: c.signal, logger: c.logger, workspace: c.workspace },
  );
  const frames = sortedByFrame(result.frames);
  const artifact = await artifacts.put(encodePartition({ frames, errors: [], tables: result.tables ?? {} }), PARTITION_MEDIA_TYPE, { stage: c.stage.name, version: c.stage.version });
  return { artifact, frames: frames.length };
}
