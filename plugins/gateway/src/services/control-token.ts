import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GatewayError, GatewayErrorCode } from './gateway-error';

/** Creates the token file (0600) unless it exists; returns whether it was created. */
export async function ensureToken(file: string): Promise<boolean> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    const handle = await fs.open(file, 'wx', 0o600);
    await handle.writeFile(randomBytes(32).toString('hex') + '\n');
    await handle.close();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  }
  await fs.chmod(file, 0o600); // the umask may have narrowed open()'s mode, never widened it; be explicit
  return true;
}

export async function tokenRequired(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** The token a privileged command supplies: `--token`, `WINNOW_GATEWAY_TOKEN` (through the flag), or `--token-file`. */
export async function suppliedToken(flags: { token?: string; 'token-file'?: string }): Promise<string | undefined> {
  if (flags.token) return flags.token.trim();
  if (flags['token-file']) return (await fs.readFile(flags['token-file'], 'utf8')).trim();
  return undefined;
}

/**
 * Throws unless `supplied` matches the workspace's token. No token file: nothing is required. A token file
 * readable by group or others is refused, so that a leaked token is not silently accepted.
 */
export async function verifyToken(file: string, supplied: string | undefined, op: string): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return;
  }
  if ((stat.mode & 0o077) !== 0) {
    throw new GatewayError(GatewayErrorCode.TokenInsecure, `refusing ${op}: the control token ${file} is accessible by other users (mode ${(stat.mode & 0o777).toString(8)})`, {
      exitCode: 3,
      suggestions: [`chmod 600 ${file}`],
    });
  }
  if (!supplied) {
    throw new GatewayError(GatewayErrorCode.TokenMissing, `refusing ${op}: this workspace requires a control token`, {
      exitCode: 3,
      suggestions: ['pass --token TOKEN, --token-file FILE or set WINNOW_GATEWAY_TOKEN'],
    });
  }
  const expected = (await fs.readFile(file, 'utf8')).trim();
  const digest = (s: string) => createHash('sha256').update(s).digest();
  if (!timingSafeEqual(digest(expected), digest(supplied))) {
    throw new GatewayError(GatewayErrorCode.TokenRefused, `refusing ${op}: wrong control token`, { exitCode: 3 });
  }
}
