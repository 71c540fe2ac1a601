import { mkdirSync, promises as fs, renameSync } from 'node:fs';
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
    if (!(await this.hashesTo(sha256))) {
      await writeFileAtomic(path.join(dir, 'artifact.bin'), data, this.#layout.tmp);
      if (!(await this.hashesTo(sha256))) {
        throw new WinnowError(ErrorCode.ArtifactCorrupt, `artifact ${sha256} did not read back with the digest it was written with`);
      }
    }
    if (!(await readJsonIfExists<ArtifactMeta>(path.join(dir, 'artifact.meta.json')))) {
      const meta: ArtifactMeta = { sha256, size: data.byteLength, mediaType, producer };
      await writeFileAtomic(path.join(dir, 'artifact.meta.json'), JSON.stringify(meta, null, 2), this.#layout.tmp);
    }
    return sha256;
  }

  /**
   * Reads an artifact and checks its digest. One found corrupt is set aside (see `setAside`) before the error is
   * thrown, so that the next run computes again exactly the partitions that made it.
   */
  async get(sha256: string): Promise<Buffer> {
    const file = path.join(this.#layout.artifactDir(sha256), 'artifact.bin');
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch (e) {
      throw new WinnowError(ErrorCode.ArtifactCorrupt, `artifact ${sha256} is missing (${file}); run the same command that made it again to recompute it`, { cause: e });
    }
    if (sha256Hex(data) !== sha256) {
      const aside = this.setAside(sha256);
      throw new WinnowError(ErrorCode.ArtifactCorrupt, `artifact ${sha256} is corrupt: its content no longer matches its digest (${file}); it was set aside${aside ? ` in ${aside}` : ''}, and the next run computes it again`);
    }
    return data;
  }

  /**
   * Whether the artifact is present and intact (read and hashed): what a checkpoint needs to be trusted. One
   * found corrupt is set aside.
   */
  async intact(sha256: string): Promise<boolean> {
    if (await this.hashesTo(sha256)) return true;
    this.setAside(sha256);
    return false;
  }

  /**
   * Moves a corrupt artifact out of the store, to `artifacts/quarantine/` (kept for a post-mortem): every
   * checkpoint naming it then counts as absent. Returns where it went, or null when it was already gone.
   */
  setAside(sha256: string): string | null {
    const dir = this.#layout.artifactDir(sha256);
    const aside = path.join(this.#layout.quarantine, `${sha256}.${Date.now()}.${process.pid}`);
    try {
      mkdirSync(this.#layout.quarantine, { recursive: true });
      renameSync(dir, aside);
      return aside;
    } catch {
      return null;
    }
  }

  /** Whether the artifact is present and its content hashes to its digest (read and hashed; nothing is moved). */
  async hashesTo(sha256: string): Promise<boolean> {
    try {
      const data = await fs.readFile(path.join(this.#layout.artifactDir(sha256), 'artifact.bin'));
      return sha256Hex(data) === sha256;
    } catch {
      return false;
    }
  }
}
