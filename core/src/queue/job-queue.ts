import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError } from '../errors';
import { readJsonIfExists, writeFileAtomic } from '../fs/atomic-write';
import { newJobId } from '../store/job-store';
import type { WorkspaceLayout } from '../workspace/layout';
import { beat, isStale, readHeartbeat } from './heartbeat';
import { QUEUE_STATES, type QueueEntry, type QueueError, type QueueState } from './queue-entry';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

export interface SubmitRequest {
  readonly inputs: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  /** @default 3 */
  readonly maxAttempts?: number;
  readonly id?: string;
}

/**
 * The gateway's job queue: one JSON file per job under `state/v2/queue/{pending,running,done,failed}`. Every
 * state change is a rename, so a job is in exactly one folder even across kill -9; whoever renames a pending
 * entry into running/ owns it. A running job has a `<id>.heartbeat` beside it; `<id>.cancel` asks its owner to stop.
 */
export class JobQueue {
  readonly #layout: WorkspaceLayout;

  constructor(layout: WorkspaceLayout) {
    this.#layout = layout;
  }

  file(state: QueueState, id: string, ext = '.json'): string {
    return path.join(this.#layout.queue(state), `${id}${ext}`);
  }

  async submit(req: SubmitRequest): Promise<QueueEntry> {
    if (req.inputs.length === 0) throw new WinnowError(ErrorCode.ConfigInvalid, 'a job needs at least one input stream');
    const entry: QueueEntry = {
      id: req.id ?? newJobId(),
      submittedAt: new Date().toISOString(),
      inputs: req.inputs,
      config: req.config,
      attempts: 0,
      maxAttempts: req.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
      notBefore: null,
      startedAt: null,
      finishedAt: null,
      outcome: null,
      errors: [],
      requeues: 0,
    };
    await Promise.all(QUEUE_STATES.map((s) => fs.mkdir(this.#layout.queue(s), { recursive: true })));
    await writeFileAtomic(this.file('pending', entry.id), JSON.stringify(entry, null, 2), this.#layout.tmp);
    return entry;
  }

  async ids(state: QueueState): Promise<string[]> {
    try {
      return (await fs.readdir(this.#layout.queue(state))).filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -5)).sort();
    } catch {
      return [];
    }
  }

  async list(state: QueueState): Promise<QueueEntry[]> {
    const out: QueueEntry[] = [];
    for (const id of await this.ids(state)) {
      const e = await readJsonIfExists<QueueEntry>(this.file(state, id));
      if (e) out.push(e);
    }
    return out;
  }

  async depth(): Promise<Record<QueueState, number>> {
    const counts = await Promise.all(QUEUE_STATES.map(async (s) => [s, (await this.ids(s)).length] as const));
    return Object.fromEntries(counts) as Record<QueueState, number>;
  }

  async find(id: string): Promise<{ state: QueueState; entry: QueueEntry } | null> {
    for (const state of QUEUE_STATES) {
      const entry = await readJsonIfExists<QueueEntry>(this.file(state, id));
      if (entry) return { state, entry };
    }
    return null;
  }

  /** Takes the oldest pending job whose backoff has passed; null when there is none (or another owner won it). */
  async claim(now = Date.now()): Promise<QueueEntry | null> {
    for (const id of await this.ids('pending')) {
      const entry = await readJsonIfExists<QueueEntry>(this.file('pending', id));
      if (!entry || (entry.notBefore && Date.parse(entry.notBefore) > now)) continue;
      try {
        await fs.rename(this.file('pending', id), this.file('running', id));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      const claimed: QueueEntry = { ...entry, attempts: entry.attempts + 1, startedAt: new Date(now).toISOString(), notBefore: null };
      await beat(this.file('running', id, '.heartbeat'));
      await writeFileAtomic(this.file('running', id), JSON.stringify(claimed, null, 2), this.#layout.tmp);
      return claimed;
    }
    return null;
  }

  heartbeat(id: string): Promise<void> {
    return beat(this.file('running', id, '.heartbeat'));
  }

  /** running -> done (SUCCEEDED) or failed (FAILED, CANCELLED). */
  async finish(id: string, outcome: NonNullable<QueueEntry['outcome']>, patch: Partial<QueueEntry> = {}): Promise<QueueEntry> {
    return this.#move(id, 'running', outcome === 'SUCCEEDED' ? 'done' : 'failed', { ...patch, outcome, finishedAt: new Date().toISOString() });
  }

  /** running -> pending, claimable from `notBefore` on. */
  async release(id: string, patch: Partial<QueueEntry> = {}): Promise<QueueEntry> {
    return this.#move(id, 'running', 'pending', patch);
  }

  /**
   * On start-up: running jobs whose heartbeat is stale (their daemon died) go back to pending, or to failed when
   * they have used all their attempts. Returns what it did per job.
   */
  async recoverStale(staleMs: number): Promise<{ id: string; to: QueueState }[]> {
    const out: { id: string; to: QueueState }[] = [];
    for (const id of await this.ids('running')) {
      if (!isStale(await readHeartbeat(this.file('running', id, '.heartbeat')), staleMs)) continue;
      const entry = await readJsonIfExists<QueueEntry>(this.file('running', id));
      if (!entry) continue;
      const error: QueueError = { code: 'WINNOW_GATEWAY_STALE', message: 'the daemon running this job stopped without finishing it (stale heartbeat)', attempt: entry.attempts, at: new Date().toISOString() };
      if (entry.attempts >= entry.maxAttempts) {
        await this.finish(id, 'FAILED', { errors: [...entry.errors, error] });
        out.push({ id, to: 'failed' });
      } else {
        await this.release(id, { errors: [...entry.errors, error], requeues: entry.requeues + 1 });
        out.push({ id, to: 'pending' });
      }
    }
    return out;
  }

  /** A pending job is cancelled at once; a running one is asked to stop (its owner sees `<id>.cancel`). */
  async requestCancel(id: string): Promise<'cancelled' | 'requested' | 'finished'> {
    try {
      await this.#move(id, 'pending', 'failed', { outcome: 'CANCELLED', finishedAt: new Date().toISOString() });
      return 'cancelled';
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const found = await this.find(id);
    if (!found) throw new WinnowError(ErrorCode.JobNotFound, `no job ${id} in the queue of ${this.#layout.root}`);
    if (found.state !== 'running') return 'finished';
    await fs.writeFile(this.file('running', id, '.cancel'), new Date().toISOString());
    return 'requested';
  }

  async cancelRequested(id: string): Promise<boolean> {
    return fs.access(this.file('running', id, '.cancel')).then(
      () => true,
      () => false,
    );
  }

  /** Deletes finished entries (their job records and checkpoints stay). */
  async purge(states: readonly ('done' | 'failed')[] = ['done', 'failed']): Promise<number> {
    let n = 0;
    for (const s of states) for (const id of await this.ids(s)) n += await fs.rm(this.file(s, id)).then(() => 1, () => 0);
    return n;
  }

  async #move(id: string, from: QueueState, to: QueueState, patch: Partial<QueueEntry>): Promise<QueueEntry> {
    const src = this.file(from, id);
    const entry = await readJsonIfExists<QueueEntry>(src);
    if (!entry) throw Object.assign(new Error(`no ${from} job ${id}`), { code: 'ENOENT' });
    const next: QueueEntry = { ...entry, ...patch };
    await fs.mkdir(this.#layout.queue(to), { recursive: true });
    if (from === 'pending') {
      // Anyone may take a pending entry: the rename decides who did, and only then is the entry rewritten.
      await fs.rename(src, this.file(to, id));
      await writeFileAtomic(this.file(to, id), JSON.stringify(next, null, 2), this.#layout.tmp);
    } else {
      // Only the owner moves a running entry: rewrite it in place, then move it whole.
      await writeFileAtomic(src, JSON.stringify(next, null, 2), this.#layout.tmp);
      await fs.rename(src, this.file(to, id));
    }
    if (from === 'running') await Promise.all(['.heartbeat', '.cancel'].map((ext) => fs.rm(this.file('running', id, ext), { force: true })));
    return next;
  }
}
