/** Bounded retries with exponential backoff, shared by the gateway's job retries. */
export interface RetryPolicy {
  /**
   * Attempts per job, the first included.
   * @default 3
   */
  readonly maxAttempts: number;
  /**
   * Delay before the second attempt, ms; doubles for each next one.
   * @default 2000
   */
  readonly baseMs: number;
  /**
   * Longest delay, ms.
   * @default 60000
   */
  readonly maxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseMs: 2000, maxMs: 60_000 };

/** Delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffMs(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
}

export function validateRetryPolicy(p: RetryPolicy): RetryPolicy {
  for (const [k, v] of Object.entries(p)) {
    if (!Number.isInteger(v) || v < (k === 'maxAttempts' ? 1 : 0)) throw new RangeError(`retry policy ${k} must be an integer >= ${k === 'maxAttempts' ? 1 : 0}, got ${JSON.stringify(v)}`);
  }
  return p;
}
