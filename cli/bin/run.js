#!/usr/bin/env node
// The entry points only: the full @oclif/core index loads ~50 modules a command may never need.
require('@oclif/core/execute').execute({ dir: __dirname }).catch(require('@oclif/core/handle').handle);
