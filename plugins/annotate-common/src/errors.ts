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
