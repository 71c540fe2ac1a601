import path from 'node:path';
import { useOclifBundle } from './oclif-bundle';

/**
 * What bin/run.js does before oclif starts: oclif comes from its one-file build, run from a V8 code cache. A rerun
 * of `winnow run` on unchanged input spent ~50 ms of its ~350 on what this saves.
 */
export function prepareStart(argv: readonly string[]): void {
  // The code cache holds what the command compiled: one per command, and one for help.
  const command = argv.some((a) => a === '--help' || a === '-h') ? 'help' : /^[a-z][\w-]*$/.test(argv[0] ?? '') ? argv[0] : '';
  useOclifBundle(path.join(__dirname, '..', 'oclif-core.js'), command);
}
