import { appendFileSync, mkdirSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceLayout } from '../workspace/layout';

export interface WinnowEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

/**
 * Append-only journal, one JSON line per event, a file per UTC day (`events/events-YYYYMMDD.jsonl`).
 * Each line is written with one O_APPEND write, so concurrent writers never interleave within a line.
 */
export class EventJournal {
  readonly #layout: WorkspaceLayout;

  constructor(layout: WorkspaceLayout) {
    this.#layout = layout;
  }

  async append(event: WinnowEvent): Promise<void> {
    const now = new Date();
    const day = now.toISOString().slice(0, 10).replaceAll('-', '');
    const line = JSON.stringify({ ts: now.toISOString(), pid: process.pid, ...event }) + '\n';
    // Synchronous: a line is one short write to the page cache, cheaper than two trips through the thread pool.
    mkdirSync(this.#layout.events, { recursive: true });
    appendFileSync(path.join(this.#layout.events, `events-${day}.jsonl`), line);
  }

  /** Every event of every day, oldest first; a torn last line (crash mid-write) is skipped. */
  async *read(): AsyncGenerator<WinnowEvent & { ts: string }> {
    let files: string[];
    try {
      files = (await fs.readdir(this.#layout.events)).filter((f) => /^events-\d{8}\.jsonl$/.test(f)).sort();
    } catch {
      return;
    }
    for (const f of files) {
      const text = await fs.readFile(path.join(this.#layout.events, f), 'utf8');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          yield JSON.parse(line) as WinnowEvent & { ts: string };
        } catch {
          continue;
        }
      }
    }
  }
}
