import * as path from 'node:path';

let root: string | undefined;

/**
 * A path inside the `@winnow/core` package, found from its package.json by name rather than from `__dirname`:
 * the same answer from the bundled entry point (`dist/bundle.js`) as from the per-file build that worker threads,
 * GPU worker processes and `@winnow/core/catalog` load.
 */
export function corePath(...segments: string[]): string {
  root ??= path.dirname(require.resolve('@winnow/core/package.json'));
  return path.join(root, ...segments);
}
