import { cacheKey } from '../cache-key';
import { canonicalJson } from '../hashing/canonical-json';
import { sha256Hex } from '../hashing/sha256';
import type { Provenance } from '../store/checkpoint';
import { configHash, type PreparedStage } from './prepared-stage';

/** The cache key of one stage over one partition, and the provenance that explains it. */
export function partitionKey(stage: PreparedStage, inputs: unknown): { key: string; provenance: Provenance } {
  const views = stage.stage.partition === 'batch' ? stage.stage.views : undefined;
  const key = cacheKey({ stage: stage.name, version: stage.stage.version, codeHash: stage.codeHash, config: stage.config ?? {}, views, inputs, env: stage.env });
  return {
    key,
    provenance: {
      stageVersion: stage.stage.version,
      codeHash: stage.codeHash,
      configHash: configHash(stage),
      inputsHash: sha256Hex(canonicalJson(inputs)),
      envHash: sha256Hex(canonicalJson(stage.env)),
    },
  };
}
