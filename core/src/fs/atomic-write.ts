import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, promises as fs, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Up to this size a file's content is written and flushed with synchronous calls (see `writeFileAtomic`). */
const SYNC_WRITE_LIMIT = 1 << 20;

/**
 * Writes a file so that readers see either the old content or the whole new content, even across kill -9 or
 * a power cut: write a temporary file beside the target, fsync it, rename it into place, fsync the folder.
 * The folder operations, and the content of files up to 1 MiB (records, checkpoints, most artifacts), use
 * synchronous calls: nine trips through the thread pool cost more than the event loop waits for the disk.
 * Larger content (a long stream's catalog) is written off the event loop.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFlushed(tmp, data);
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncDir(dir);
}

/** Creates the temporary file exclusively ('wx'): a file or symlink already at its name is an error, never written through. */
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
