import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readJsonIfExists, writeFileAtomic } from '../fs/atomic-write';
import type { WorkspaceLayout } from '../workspace/layout';
import type { Checkpoint } from './checkpoint';

export interface PartitionRef {
  readonly stage: string;
  readonly stream: string;
  readonly start: number;
  readonly end: number;
}

/** `stages/<stage>/<stream_id>/<start>_<end>/<cache_key>.json`, each written atomically. */
export class CheckpointStore {
  readonly #layout: WorkspaceLayout;

  constructor(layout: WorkspaceLayout) {
    this.#layout = layout;
  }

  pathOf(ref: PartitionRef, key: string): string {
    return this.#layout.checkpoint(ref.stage, ref.stream, ref.start, ref.end, key);
  }

  async read(ref: PartitionRef, key: string): Promise<Checkpoint | null> {
    try {
      return await readJsonIfExists<Checkpoint>(this.pathOf(ref, key));
    } catch {
      return null; // unreadable checkpoint: treated as absent, the work is redone
    }
  }

  async write(checkpoint: Checkpoint): Promise<string> {
    const file = this.pathOf(checkpoint, checkpoint.key);
    await writeFileAtomic(file, JSON.stringify(checkpoint, null, 2), this.#layout.tmp);
    return file;
  }

  /** Every checkpoint of a partition, whatever its key: what `inspect` compares against. */
  async list(ref: PartitionRef): Promise<Checkpoint[]> {
    const dir = this.#layout.checkpointDir(ref.stage, ref.stream, ref.start, ref.end);
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      return [];
    }
    const out: Checkpoint[] = [];
    for (const n of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
      const c = await readJsonIfExists<Checkpoint>(path.join(dir, n)).catch(() => null);
      if (c) out.push(c);
    }
    return out;
  }
}
