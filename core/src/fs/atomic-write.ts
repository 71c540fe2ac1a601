import { closeSync, fsyncSync, mkdirSync, openSync, promises as fs, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { diskFullError } from './disk-full';
import { tempName } from './temp-files';

/** Up to this size a file's content is written and flushed with synchronous calls (see `writeFileAtomic`). */
const SYNC_WRITE_LIMIT = 1 << 20;

/**
 * Writes a file so that readers see either the old content or the whole new content, even across kill -9 or
 * a power cut: write a temporary file, fsync it, rename it into place, fsync the folder. The temporary file is
 * created exclusively (never through a planted symlink) in `tmpDir` (a workspace's `tmp/`, on the same file
 * system, where the next run removes what a killed writer left) or, without one, beside the target. A failed
 * write removes it; a full disk is a `WINNOW_DISK_FULL` error naming the file and the bytes it needed.
 * The folder operations, and the content of files up to 1 MiB (records, checkpoints, most artifacts), use
 * synchronous calls: nine trips through the thread pool cost more than the event loop waits for the disk.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, tmpDir?: string): Promise<void> {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  if (tmpDir) mkdirSync(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir ?? dir, tmpDir ? tempName() : `.${path.basename(file)}.${tempName()}`);
  try {
    await writeFlushed(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    // The target is on another file system than `tmpDir` (a folder of the workspace linked to another disk): a
    // rename cannot cross it, so the temporary file goes beside the target instead.
    if ((e as NodeJS.ErrnoException).code === 'EXDEV' && tmpDir) return writeFileAtomic(file, data);
    throw (e as NodeJS.ErrnoException).code === 'ENOSPC' ? diskFullError(file, byteLength(data), e) : e;
  }
  syncDir(dir);
}

function byteLength(data: string | Uint8Array): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

async function writeFlushed(file: string, data: string | Uint8Array): Promise<void> {
  if (data.length > SYNC_WRITE_LIMIT) {
    const handle = await fs.open(file, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return;
  }
  const fd = openSync(file, 'wx');
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a folder; the rename is still atomic there.
  } finally {
    closeSync(fd);
  }
}

/**
 * A small JSON file (a checkpoint, an artifact's meta, a job record), or null when it does not exist. Read
 * synchronously: ~20x cheaper than a trip through the thread pool for a file of a few KiB, and a rerun checks
 * every checkpoint in a row; the event loop waits microseconds.
 */
export async function readJsonIfExists<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
