import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../fs/atomic-write';
import type { WorkspaceLayout } from '../workspace/layout';
import type { EventJournal } from './event-journal';

export interface SnapshotEntry {
  readonly stage: string;
  readonly stream: string;
  readonly start: number;
  readonly end: number;
  readonly key: string;
  readonly state: string;
  readonly artifact: string | null;
}

export interface Snapshot {
  readonly version: 1;
  readonly builtAt: string;
  /** Latest state per partition, keyed `stage/stream/start_end`. */
  readonly partitions: Readonly<Record<string, SnapshotEntry>>;
}

/**
 * `snapshots/index.msgpack`: the latest checkpoint of every partition, for fast status queries. It is derived
 * data: the event journal is the source of truth and can rebuild it.
 */
export class SnapshotIndex {
  readonly #layout: WorkspaceLayout;

  constructor(layout: WorkspaceLayout) {
    this.#layout = layout;
  }

  async read(): Promise<Snapshot> {
    try {
      return msgpack().unpack(await fs.readFile(this.#layout.snapshotIndex)) as Snapshot;
    } catch {
      return { version: 1, builtAt: new Date(0).toISOString(), partitions: {} };
    }
  }

  /** Adds the latest checkpoints; none (a run that reused everything) writes nothing. */
  async update(entries: readonly SnapshotEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const current = await this.read();
    await this.#write({ ...current.partitions, ...index(entries) });
  }

  /** Rebuilds the index from the journal's checkpoint events alone. */
  async rebuild(journal: EventJournal): Promise<number> {
    const entries: SnapshotEntry[] = [];
    for await (const e of journal.read()) if (e.type === 'checkpoint') entries.push(e as unknown as SnapshotEntry);
    const partitions = index(entries);
    await this.#write(partitions);
    return Object.keys(partitions).length;
  }

  async #write(partitions: Record<string, SnapshotEntry>): Promise<void> {
    const snapshot: Snapshot = { version: 1, builtAt: new Date().toISOString(), partitions };
    await writeFileAtomic(this.#layout.snapshotIndex, msgpack().pack(snapshot), this.#layout.tmp);
  }
}

function index(entries: readonly SnapshotEntry[]): Record<string, SnapshotEntry> {
  const out: Record<string, SnapshotEntry> = {};
  for (const e of entries) {
    const { stage, stream, start, end, key, state, artifact } = e;
    out[`${stage}/${stream}/${start}_${end}`] = { stage, stream, start, end, key, state, artifact };
  }
  return out;
}

function msgpack(): typeof import('msgpackr') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('msgpackr') as typeof import('msgpackr');
}
