/** What `runStageConformance` needs to know about the stage under test. */
export interface StageConformanceOptions {
  /**
   * Absolute path of the plugin's built `winnow:stages` hook module (e.g. `dist/hooks/stages.js`). Built JS, not
   * TypeScript: the host's worker threads load it too.
   */
  readonly hookModule: string;
  /** The stage to check, by name. */
  readonly stage: string;
  /** The stage's config for the reference runs. @default {} (the schema's defaults) */
  readonly config?: Readonly<Record<string, unknown>>;
  /**
   * A config that must give a different cache key. @default derived from the schema: the first option whose
   * default can be changed (a number nudged within its bounds, a boolean flipped, another enum choice)
   */
  readonly changedConfig?: Readonly<Record<string, unknown>>;
  /** Hook modules of other plugins whose stages produce this stage's inputs. @default [] */
  readonly upstreamHookModules?: readonly string[];
  /** Frames in the test stream (readable ones; two unreadable files are added). @default 12 */
  readonly frames?: number;
  /** Size of each test frame. @default 96 x 64 */
  readonly width?: number;
  readonly height?: number;
  /** How long a run may take to stop after its signal is aborted. @default 10000 */
  readonly abortTimeoutMs?: number;
  /** Throw a `ConformanceError` listing the failed checks. @default true */
  readonly throwOnFailure?: boolean;
  /** Keep the temp folder (streams, workspaces) for inspection. @default false */
  readonly keepTemp?: boolean;
}

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface ConformanceCheck {
  /** Stable id, e.g. `deterministic-output`. */
  readonly id: string;
  readonly status: CheckStatus;
  /** What was seen: the evidence on success, what is wrong and how to fix it on failure. */
  readonly detail: string;
}

export interface ConformanceReport {
  readonly stage: string;
  readonly plugin: string;
  readonly partition: 'batch' | 'stream' | 'job';
  readonly ok: boolean;
  readonly checks: readonly ConformanceCheck[];
  /** Where the streams and workspaces were written (removed unless `keepTemp`). */
  readonly tempDir: string;
}
