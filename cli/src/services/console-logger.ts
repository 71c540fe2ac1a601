import type { Logger } from '@winnow/sdk';

/** Human logs on stderr (stdout stays for results and --json). */
export function consoleLogger(verbose = false): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    process.stderr.write(`${level}: ${message}${fields && Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields) : ''}\n`);
  return { debug: verbose ? write('debug') : () => undefined, info: write('info'), warn: write('warn'), error: write('error') };
}
