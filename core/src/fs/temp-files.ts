import { randomBytes, createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isAlive } from './file-lock';

/** A short tag of this host, so that a temporary file on shared storage is judged only by a process of its host. */
const HOST = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);

/** `<pid>.<host tag>.<random>.tmp`: who wrote it, so that the next run can tell a dead writer's leftovers. */
export function tempName(): string {
  return `${process.pid}.${HOST}.${randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Removes the temporary files in `dir` whose writer is gone (a killed run, a write that failed mid-way on a full
 * disk): those of a dead process of this host. Files of live writers, of other hosts, and files not named by
 * `tempName` are left alone. Returns the names removed.
 */
export function sweepTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = /^(?:.*\.)?(\d+)\.([0-9a-f]{8})\.[0-9a-f]{12}\.tmp$/.exec(name);
    if (!m || m[2] !== HOST || isAlive(Number(m[1]))) continue;
    rmSync(path.join(dir, name), { force: true, recursive: true });
    removed.push(name);
  }
  return removed;
}
