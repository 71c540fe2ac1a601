import path from 'node:path';
import { requireCached } from './code-cache';
import { useOclifBundle } from './oclif-bundle';
import { provideLazily } from './require-cache';

/** The other bundles that most commands load, each run from a V8 code cache when first required. */
const BUNDLES = ['@winnow/core', '@winnow/sdk/typebox'];

/**
 * What bin/run.js does before oclif starts: oclif comes from its one-file build, and it and the CLI's other large
 * bundles run from V8 code caches. A rerun of `winnow run` on unchanged input spent ~70 ms of its ~350 on what this
 * saves.
 */
export function prepareStart(argv: readonly string[]): void {
  // A code cache holds what its command compiled: one per command, and one for help.
  const command = argv.some((a) => a === '--help' || a === '-h') ? 'help' : /^[a-z][\w-]*$/.test(argv[0] ?? '') ? argv[0] : '';
  useOclifBundle(path.join(__dirname, '..', 'oclif-core.js'), command);
  for (const id of BUNDLES) {
    const file = require.resolve(id);
    provideLazily(file, () => requireCached(file, command));
  }
}
