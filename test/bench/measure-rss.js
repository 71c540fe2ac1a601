#!/usr/bin/env node
// Runs the winnow CLI in this process and prints its peak resident set size (worker threads included) at exit.
const path = require('node:path');
process.on('exit', () => process.stderr.write(`PEAK_RSS_KB ${process.resourceUsage().maxRSS}\n`));
require('@oclif/core').execute({ dir: path.join(__dirname, '../../cli/bin/run.js'), args: process.argv.slice(2) }).catch(require('@oclif/core').handle);
