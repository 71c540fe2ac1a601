/** Stable error codes. Tell errors apart by `code`, never by message text. */
export const ErrorCode = {
  ConfigInvalid: 'WINNOW_CONFIG_INVALID',
  ConfigLoad: 'WINNOW_CONFIG_LOAD',
  StageUnknown: 'WINNOW_STAGE_UNKNOWN',
  StageInvalid: 'WINNOW_STAGE_INVALID',
  StageDuplicate: 'WINNOW_STAGE_DUPLICATE',
  PipelineMissingInput: 'WINNOW_PIPELINE_MISSING_INPUT',
  PipelineCycle: 'WINNOW_PIPELINE_CYCLE',
  PluginIncompatible: 'WINNOW_PLUGIN_INCOMPATIBLE',
  PluginLoad: 'WINNOW_PLUGIN_LOAD',
  StreamNotFound: 'WINNOW_STREAM_NOT_FOUND',
  StreamInvalid: 'WINNOW_STREAM_INVALID',
  JobNotFound: 'WINNOW_JOB_NOT_FOUND',
  ExporterUnknown: 'WINNOW_EXPORTER_UNKNOWN',
  ExportFolderInUse: 'WINNOW_EXPORT_FOLDER_IN_USE',
  ArtifactCorrupt: 'WINNOW_ARTIFACT_CORRUPT',
  StageFailed: 'WINNOW_STAGE_FAILED',
  StageSetup: 'WINNOW_STAGE_SETUP',
  WorkspaceInvalid: 'WINNOW_WORKSPACE_INVALID',
  WorkspaceOldState: 'WINNOW_WORKSPACE_OLD_STATE',
  CatalogCorrupt: 'WINNOW_CATALOG_CORRUPT',
  DiskFull: 'WINNOW_DISK_FULL',
  Interrupted: 'WINNOW_INTERRUPTED',
  Usage: 'WINNOW_USAGE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Per-frame problems found at ingest or decode; they go into the catalog, never stop a run. */
export const FrameErrorCode = {
  Empty: 'FRAME_EMPTY',
  NotImage: 'FRAME_NOT_IMAGE',
  Corrupt: 'FRAME_CORRUPT',
  Unreadable: 'FRAME_UNREADABLE',
  /** A FIFO, socket, device or folder where a frame file should be: never opened for reading. */
  NotAFile: 'FRAME_NOT_A_FILE',
} as const;

export interface WinnowErrorOptions {
  readonly suggestions?: readonly string[];
  readonly exitCode?: number;
  readonly cause?: unknown;
  readonly details?: Readonly<Record<string, unknown>>;
}

export class WinnowError extends Error {
  readonly code: ErrorCode;
  readonly suggestions: readonly string[];
  readonly exitCode: number;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: WinnowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WinnowError';
    this.code = code;
    this.suggestions = options.suggestions ?? [];
    this.exitCode = options.exitCode ?? 2;
    this.details = options.details ?? {};
  }
}

/** Structural check that survives several copies of this module (no instanceof across packages). */
export function isWinnowError(e: unknown): e is WinnowError {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'WinnowError' && typeof (e as { code?: unknown }).code === 'string';
}

/** An error as a command prints it under `--json`, and the exit code it ends with. */
export interface ErrorReport {
  readonly code: string;
  readonly message: string;
  readonly suggestions: readonly string[];
  readonly details: Readonly<Record<string, unknown>>;
  readonly exitCode: number;
}

/**
 * Any error as `{code, message, ...}`: a typed error as it is, a command-line error (an unknown flag, a missing
 * value: oclif's errors, which carry `oclif.exit`) as `WINNOW_USAGE`, anything else with its own code if it has one.
 */
export function errorReport(e: unknown): ErrorReport {
  if (isWinnowError(e)) return { code: e.code, message: e.message, suggestions: e.suggestions ?? [], details: e.details ?? {}, exitCode: e.exitCode ?? 2 };
  const err = e as { code?: unknown; oclif?: { exit?: number } } | null;
  const usage = typeof err?.oclif?.exit === 'number';
  const code = usage ? ErrorCode.Usage : typeof err?.code === 'string' ? err.code : 'WINNOW_INTERNAL';
  return { code, message: errorMessage(e), suggestions: [], details: {}, exitCode: err?.oclif?.exit ?? (usage ? 2 : 1) };
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** An error as plain data, so that it crosses a thread or process boundary with its code (an Error loses it). */
export interface ErrorData {
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

export function errorData(e: unknown): ErrorData {
  return { message: errorMessage(e), code: (e as { code?: string }).code, stack: (e as Error).stack };
}

/** The error again on this side, code and (when it came) stack kept; `message` replaces the original one. */
export function errorFromData(d: ErrorData, message = d.message): Error & { code?: string } {
  const e = Object.assign(new Error(message), { code: d.code });
  if (d.stack) e.stack = d.stack;
  return e;
}
