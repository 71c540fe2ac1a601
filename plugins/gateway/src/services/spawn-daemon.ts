import { spawn } from 'node:child_process';
import { openSync, promises as fs } from 'node:fs';
import { readJsonIfExists } from '@winnow/core';
import type { PidFile } from './daemon';
import { GatewayError, GatewayErrorCode } from './gateway-error';
import type { GatewayPaths } from './gateway-paths';

/**
 * Starts `winnow gateway start --foreground` detached from this terminal (its own session, stdin closed, stderr
 * to a file) and waits until it has written its pid file, or has died.
 */
export async function spawnDetached(bin: string, args: readonly string[], paths: GatewayPaths, timeoutMs = 30_000): Promise<PidFile> {
  await fs.mkdir(paths.logDir, { recursive: true });
  const err = openSync(paths.stderrLog, 'a');
  const child = spawn(process.execPath, [bin, ...args], { detached: true, stdio: ['ignore', 'ignore', err], cwd: paths.workspace, env: process.env });
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? 1));
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pid = await readJsonIfExists<PidFile>(paths.pidFile).catch(() => null);
    if (pid && pid.pid === child.pid) return pid;
    if (exited !== null) {
      const tail = (await fs.readFile(paths.stderrLog, 'utf8').catch(() => '')).trim().split('\n').slice(-5).join('\n');
      throw new GatewayError(GatewayErrorCode.StartFailed, `the gateway exited during start-up (code ${exited}): ${tail}`, { suggestions: [`see ${paths.stderrLog} and ${paths.log}`] });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new GatewayError(GatewayErrorCode.Timeout, `the gateway did not come up within ${timeoutMs} ms`, { suggestions: [`see ${paths.log}`] });
}
