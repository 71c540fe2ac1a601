/** Stable codes of the gateway's own errors (core's codes are used where they apply). */
export const GatewayErrorCode = {
  AlreadyRunning: 'WINNOW_GATEWAY_RUNNING',
  NotRunning: 'WINNOW_GATEWAY_NOT_RUNNING',
  StartFailed: 'WINNOW_GATEWAY_START_FAILED',
  Timeout: 'WINNOW_GATEWAY_TIMEOUT',
  TokenMissing: 'WINNOW_GATEWAY_TOKEN_MISSING',
  TokenRefused: 'WINNOW_GATEWAY_TOKEN_REFUSED',
  TokenInsecure: 'WINNOW_GATEWAY_TOKEN_INSECURE',
} as const;
export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

/**
 * Named `WinnowError` on purpose: core's `isWinnowError` is structural (name + code), so the CLI renders these
 * like any other typed error.
 */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly exitCode: number;
  readonly suggestions: readonly string[];
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: GatewayErrorCode, message: string, options: { exitCode?: number; suggestions?: readonly string[]; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'WinnowError';
    this.code = code;
    this.exitCode = options.exitCode ?? 2;
    this.suggestions = options.suggestions ?? [];
    this.details = options.details ?? {};
  }
}
