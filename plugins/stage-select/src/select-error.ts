/** Codes of the select plugin's errors. */
export type SelectErrorCode = 'SELECT_NOT_RUN';

/** An error of the select plugin, told apart by its stable `code`. */
export class SelectError extends Error {
  readonly code: SelectErrorCode;

  constructor(code: SelectErrorCode, message: string) {
    super(message);
    this.name = 'SelectError';
    this.code = code;
  }
}
