/** The states of a queued job; each is a folder under `state/v2/queue/`. */
export type QueueState = 'pending' | 'running' | 'done' | 'failed';
export const QUEUE_STATES: readonly QueueState[] = ['pending', 'running', 'done', 'failed'];

export interface QueueError {
  readonly code: string;
  readonly message: string;
  readonly attempt: number;
  readonly at: string;
}

/** One job in the filesystem queue: `queue/<state>/<id>.json`. The id is also the job record's id. */
export interface QueueEntry {
  readonly id: string;
  readonly submittedAt: string;
  readonly inputs: readonly string[];
  /** Raw pipeline config, as `winnow run` would receive it (file merged with overrides). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Attempts started so far (a claim counts one, so a daemon killed mid-job counts too). */
  readonly attempts: number;
  readonly maxAttempts: number;
  /** Not claimed before this time (ISO): the retry backoff. */
  readonly notBefore: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Final outcome once in done/ or failed/. */
  readonly outcome: 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | null;
  readonly errors: readonly QueueError[];
  /** Requeues after a stale heartbeat or a graceful stop. */
  readonly requeues: number;
  readonly summary?: Readonly<Record<string, unknown>> | null;
}
