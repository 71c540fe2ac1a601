// Plain console: keeps jest's decoration out of captured command output.
const { Console } = require('node:console');
globalThis.console = new Console(process.stdout, process.stderr);
