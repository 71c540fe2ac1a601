import { canonicalJson, canonicalMembers } from './hashing/canonical-json';
import { sha256Hex } from './hashing/sha256';

/**
 * Bump to abandon every existing checkpoint at once (a poisoned namespace, a change of the key rules).
 * See core/README.md, "Cache keys".
 */
export const CACHE_KEY_SALT = 'winnow-cache-v1';

/** Everything that can change a stage's result for one partition, and nothing else. */
export interface CacheKeyParts {
  readonly stage: string;
  readonly version: string;
  /** Digest of the code that implements the stage (its plugin's built files). */
  readonly codeHash: string;
  /** The config after defaults were applied. */
  readonly config: unknown;
  /** Views a batch stage asked for (they decide the pixels it sees). */
  readonly views?: unknown;
  /**
   * Digests of the inputs, in partition order: `[frame_idx, blake3]` pairs of the frames for stages that read
   * frames, artifact digests of upstream stages otherwise.
   */
  readonly inputs: unknown;
  /** Declared environment that changes results, e.g. the decoder's version. */
  readonly env?: Readonly<Record<string, string>>;
}

export function cacheKey(parts: CacheKeyParts): string {
  const { inputs, ...rest } = parts;
  return cacheKeyOfJson(rest, canonicalJson(inputs));
}

/** `cacheKey` with the inputs given as their `canonicalJson` (a caller that hashes them for provenance too). */
export function cacheKeyOfJson(parts: Omit<CacheKeyParts, 'inputs'>, inputsJson: string): string {
  const members: Record<string, string | undefined> = { salt: canonicalJson(CACHE_KEY_SALT), inputs: inputsJson };
  for (const [name, value] of Object.entries(parts)) if (value !== undefined) members[name] = canonicalJson(value);
  return sha256Hex(canonicalMembers(members));
}
