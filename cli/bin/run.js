#!/usr/bin/env node
// oclif's entry points only: its full index loads ~50 modules a command may never need. They, and the CLI's large
// bundles, load the fast way when the build made it possible (src/boot).
// A command that succeeded exits at once, its output flushed, as oclif exits after an error: Node's tearing down
// of the heap costs a rerun ~15 ms. So a command's run() must await all of its work (see PLUGINS.md).
require('../dist/boot').prepareStart(process.argv.slice(2));
require('@oclif/core/execute')
  .execute({ dir: __dirname })
  .then(() => process.stdout.write('', () => process.stderr.write('', () => process.exit())))
  .catch(require('@oclif/core/handle').handle);
