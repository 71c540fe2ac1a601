import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '@winnow/sdk';

export interface JsonLogger extends Logger {
  close(): Promise<void>;
}

/**
 * One JSON object per line (`time`, `level`, `pid`, `msg`, then correlation fields such as `job`, `attempt`,
 * `stage`, `task`), appended to `file`; with `echo`, also to stdout (a foreground daemon on a terminal).
 */
export function jsonLogger(file: string, options: { echo?: boolean; debug?: boolean } = {}): JsonLogger {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.createWriteStream(file, { flags: 'a' });
  const write = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    const line = JSON.stringify({ time: new Date().toISOString(), level, pid: process.pid, msg, ...fields }) + '\n';
    out.write(line);
    if (options.echo) process.stdout.write(line);
  };
  return {
    debug: options.debug ? write('debug') : () => undefined,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    close: () => new Promise<void>((resolve) => out.end(resolve)),
  };
}
