import type { StageContext } from '@winnow/sdk';

/**
 * A complete, quiet stage context for unit tests that call a stage's `measure` or `run` directly (the host
 * builds the real one). Every field the contract requires is there, so a test never needs a cast.
 */
export function stageContext<C>(config: C, overrides: Partial<Omit<StageContext<C>, 'config'>> = {}): StageContext<C> {
  return {
    config,
    stream: { id: 'test-stream', name: 'stream_000' },
    signal: new AbortController().signal,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    workspace: '/tmp/winnow-test-workspace',
    ...overrides,
  };
}
