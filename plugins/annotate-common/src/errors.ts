import { fatalStageError } from '@winnow/sdk';

/** Stable codes of annotation failures; tell errors apart by `code`, never by message text. */
export const AnnotateErrorCode = {
  ModelNotFound: 'ANNOTATE_MODEL_NOT_FOUND',
  ModelMismatch: 'ANNOTATE_MODEL_MISMATCH',
  ModelDigest: 'ANNOTATE_MODEL_DIGEST',
  ModelOutput: 'ANNOTATE_MODEL_OUTPUT',
  Registry: 'ANNOTATE_REGISTRY',
  BadInput: 'ANNOTATE_BAD_INPUT',
} as const;
export type AnnotateErrorCode = (typeof AnnotateErrorCode)[keyof typeof AnnotateErrorCode];

export class AnnotateError extends Error {
  readonly code: AnnotateErrorCode;
  readonly suggestions: readonly string[];
  readonly details: Readonly<Record<string, unknown>>;
  /** oclif's exit code for a CLI that surfaces it. */
  readonly exitCode = 2;

  constructor(code: AnnotateErrorCode, message: string, options: { suggestions?: readonly string[]; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'AnnotateError';
    this.code = code;
    this.suggestions = options.suggestions ?? [];
    this.details = options.details ?? {};
  }
}

/**
 * A model problem turned into the SDK's fatal stage error: thrown from `measure`, it fails the task (retried,
 * then the batch is FAILED with it) instead of writing the same per-frame error on every frame.
 */
export function fatalModelError(e: unknown): Error {
  if ((e as { fatal?: unknown }).fatal === true) return e as Error;
  if (e instanceof AnnotateError) return fatalStageError(e.code, e.suggestions.length ? `${e.message} (${e.suggestions.join('; ')})` : e.message);
  return fatalStageError(AnnotateErrorCode.ModelMismatch, e instanceof Error ? e.message : String(e));
}

/** Errors of running a model that mean the model, not the frame, is wrong (e.g. a non-square input). */
export function isModelFault(e: unknown): boolean {
  return e instanceof AnnotateError && e.code === AnnotateErrorCode.ModelMismatch;
}
