import { execFile } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const WINNOW = path.join(ROOT, 'cli/bin/run.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `winnow` binary in a child process (what a user runs). */
export function winnow(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [WINNOW, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Writes the demo stream (real JPEGs plus bad inputs) and returns what it injected. */
export function makeStream(dir: string, args: readonly string[] = []): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(ROOT, 'test/demo/make-demo-stream.js'), dir, '--clean', ...args], (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout))));
  });
}
