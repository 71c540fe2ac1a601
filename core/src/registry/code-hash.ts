import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { memoByState } from '../fs/state-memo';
import { blake3Hex } from '../hashing/blake3';
import { sha256Hex } from '../hashing/sha256';
import { codeState, packageCode } from './code-files';

const cache = new Map<string, Promise<string>>();

/**
 * Digest of a plugin's runtime code: every .js/.cjs/.mjs/.wasm file it ships (see `packageCode`), by
 * relative path and content, plus the same digest of each `@winnow/*` library it depends on (shared code such
 * as `@winnow/fingerprint` changes results too). `@winnow/sdk` is left out: at run time it is identity
 * functions and types. Any change of the built code is a new cache key; docs and type declarations are not.
 *
 * With `memoDir`, the digest is kept there under the code's state from stats (`codeState`), so a run whose
 * plugins did not change since reads no code file: rebuilding, relinking or reinstalling one changes its state.
 */
export function codeHashOf(root: string, memoDir?: string): Promise<string> {
  let hit = cache.get(root);
  if (!hit) {
    hit = memoDir
      ? memoByState(path.join(memoDir, `${sha256Hex(root).slice(0, 32)}.json`), sha256Hex(`${root}\n${codeState(root)}`), () => compute(root), isDigest)
      : compute(root);
    cache.set(root, hit);
  }
  return hit;
}

const isDigest = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);

async function compute(root: string): Promise<string> {
  const { files, libraries } = packageCode(root);
  const parts: string[] = [];
  for (const rel of files) parts.push(`${rel}\0${await blake3Hex(await fs.readFile(path.join(root, rel)))}`);
  for (const lib of libraries) {
    if (!lib.root) throw new Error(`${root}: its dependency ${lib.name} is not installed`);
    parts.push(`dependency ${lib.name}\0${await codeHashOf(lib.root)}`);
  }
  return blake3Hex(Buffer.from(parts.join('\n')));
}
