import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError } from '../errors';
import { readJsonIfExists, writeFileAtomic } from '../fs/atomic-write';
import { sha256Hex } from '../hashing/sha256';
import type { WorkspaceLayout } from '../workspace/layout';

export interface ArtifactMeta {
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
  readonly producer: { readonly stage: string; readonly version: string };
}

/** Content-addressed blobs: `artifacts/sha256/ab/<hash>/{artifact.bin,artifact.meta.json}`. */
export class ArtifactStore {
  readonly #layout: WorkspaceLayout;

  constructor(layout: WorkspaceLayout) {
    this.#layout = layout;
  }

  /** Stores bytes (idempotent) and returns their digest, after reading them back and checking it. */
  async put(data: Uint8Array, mediaType: string, producer: ArtifactMeta['producer']): Promise<string> {
    const sha256 = sha256Hex(data);
    const dir = this.#layout.artifactDir(sha256);
    if (!(await this.#verify(sha256))) {
      await writeFileAtomic(path.join(dir, 'artifact.bin'), data);
      if (!(await this.#verify(sha256))) {
        throw new WinnowError(ErrorCode.ArtifactCorrupt, `artifact ${sha256} did not read back with the digest it was written with`);
      }
    }
    if (!(await readJsonIfExists<ArtifactMeta>(path.join(dir, 'artifact.meta.json')))) {
      const meta: ArtifactMeta = { sha256, size: data.byteLength, mediaType, producer };
      await writeFileAtomic(path.join(dir, 'artifact.meta.json'), JSON.stringify(meta, null, 2));
    }
    return sha256;
  }

  /** Reads an artifact and checks its digest. */
  async get(sha256: string): Promise<Buffer> {
    const file = path.join(this.#layout.artifactDir(sha256), 'artifact.bin');
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch (e) {
      throw new WinnowError(ErrorCode.ArtifactCorrupt, `artifact ${sha256} is missing (${file})`, { cause: e });
    }
    if (sha256Hex(data) !== sha256) throw new WinnowError(ErrorCode.ArtifactCorrupt, `artifact ${sha256} is corrupt: its content no longer matches its digest (${file})`);
    return data;
  }

  /** Whether the artifact is present and intact (reads and hashes it). */
  async has(sha256: string): Promise<boolean> {
    return this.#verify(sha256);
  }

  /**
   * Whether the artifact is present with the size it was written with: what a rerun checks before it trusts a
   * checkpoint, without reading every artifact. The digest itself is verified whenever the artifact is read.
   */
  async present(sha256: string): Promise<boolean> {
    const dir = this.#layout.artifactDir(sha256);
    try {
      const meta = await readJsonIfExists<ArtifactMeta>(path.join(dir, 'artifact.meta.json'));
      return meta !== null && meta.sha256 === sha256 && meta.size === statSync(path.join(dir, 'artifact.bin')).size;
    } catch {
      return false;
    }
  }

  async #verify(sha256: string): Promise<boolean> {
    try {
      const data = await fs.readFile(path.join(this.#layout.artifactDir(sha256), 'artifact.bin'));
      return sha256Hex(data) === sha256;
    } catch {
      return false;
    }
  }
}
