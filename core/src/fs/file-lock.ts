import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/**
 * An exclusive lock file owned by a live process of this host. A lock whose owner died (kill -9) is stale and
 * is taken over. Returns null when another live process holds it.
 */
export async function tryLock(file: string): Promise<{ release(): Promise<void> } | null> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await fs.open(file, 'wx');
      const owner: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
      await handle.writeFile(JSON.stringify(owner));
      await handle.close();
      return { release: () => fs.rm(file, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (await isHeldByLiveProcess(file)) return null;
    // Stale: rename first so that two processes breaking the same stale lock cannot both succeed.
    const grave = `${file}.stale.${process.pid}`;
    await fs.rename(file, grave).then(() => fs.rm(grave, { force: true }), () => undefined);
  }
  return null;
}

export async function isHeldByLiveProcess(file: string): Promise<boolean> {
  let owner: LockOwner;
  try {
    owner = JSON.parse(await fs.readFile(file, 'utf8')) as LockOwner;
  } catch (e) {
    // Being written right now (empty or partial), or just released.
    return (e as NodeJS.ErrnoException).code !== 'ENOENT' && (await ageMs(file)) < 10_000;
  }
  if (owner.host !== os.hostname()) return true;
  return isAlive(owner.pid);
}

/**
 * Whether a process of this host is alive. A killed process whose parent has not reaped it yet (a zombie: common
 * in containers whose PID 1 does not reap) still answers signal 0, so on Linux its state is read too.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc (macOS): signal 0 is all there is
  }
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await fs.stat(file)).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** Removes the lock files in `dir` whose owner died (a killed run), so that none is left behind. Returns their names. */
export async function sweepLocks(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const grave = /\.lock\.stale\.(\d+)$/.exec(name); // a taker-over that died between its rename and its removal
    if (grave && !isAlive(Number(grave[1]))) {
      await fs.rm(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  for (const name of names.filter((n) => n.endsWith('.lock'))) {
    const file = path.join(dir, name);
    if (await isHeldByLiveProcess(file)) continue;
    const grave = `${file}.stale.${process.pid}`;
    if (await fs.rename(file, grave).then(() => true, () => false)) {
      await fs.rm(grave, { force: true });
      removed.push(name);
    }
  }
  return removed;
}
