#!/usr/bin/env node
// The entry points only: the full @oclif/core index loads ~50 modules a command may never need.
// A command that succeeded exits at once, its output flushed, as oclif exits after an error: Node's tearing down
// of the heap costs a rerun ~15 ms. So a command's run() must await all of its work (see PLUGINS.md).
require('@oclif/core/execute')
  .execute({ dir: __dirname })
  .then(() => process.stdout.write('', () => process.stderr.write('', () => process.exit())))
  .catch(require('@oclif/core/handle').handle);
