import { cacheKeyOfJson } from '../cache-key';
import { canonicalJson } from '../hashing/canonical-json';
import { sha256Hex } from '../hashing/sha256';
import type { Provenance } from '../store/checkpoint';
import { configHash, type PreparedStage } from './prepared-stage';

/**
 * The cache key of one stage over one partition, and the provenance that explains it. `inputsJson` is the
 * `canonicalJson` of what the partition reads (see `CacheKeyParts.inputs`), serialised once for both.
 */
export function partitionKey(stage: PreparedStage, inputsJson: string): { key: string; provenance: Provenance } {
  const views = stage.stage.partition === 'batch' ? stage.stage.views : undefined;
  const key = cacheKeyOfJson({ stage: stage.name, version: stage.stage.version, codeHash: stage.codeHash, config: stage.config ?? {}, views, env: stage.env }, inputsJson);
  return {
    key,
    provenance: {
      stageVersion: stage.stage.version,
      codeHash: stage.codeHash,
      configHash: configHash(stage),
      inputsHash: sha256Hex(inputsJson),
      envHash: sha256Hex(canonicalJson(stage.env)),
    },
  };
}
