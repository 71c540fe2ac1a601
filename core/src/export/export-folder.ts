import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError } from '../errors';
import { tryLock } from '../fs/file-lock';
import { MANIFEST, readManifest, type ExportManifest } from './export-manifest';

/** Held while an export checks and writes a folder: concurrent exports into one folder take turns. */
const LOCK = '.winnow-export.lock';
/** Each export writes into its own folder of this prefix inside the target, then renames its files into place. */
export const STAGING_PREFIX = '.winnow-export-';

/** Waits for the folder's export lock (another export into it finishes first); honours the abort signal. */
export async function lockExportFolder(dir: string, signal: AbortSignal): Promise<{ release(): Promise<void> }> {
  for (;;) {
    signal.throwIfAborted();
    const lock = await tryLock(path.join(dir, LOCK));
    if (lock) return lock;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Decides, under the lock, whether an export of `jobId` may write into `dir`: an empty folder, or one holding an
 * earlier export of the same job, yes; anything else only with `force`. Leftovers of exports that died (their
 * staging folders) are removed. Returns the folder's manifest, if any.
 */
export async function claimExportFolder(dir: string, jobId: string, force: boolean): Promise<ExportManifest | null> {
  const earlier = await readManifest(dir);
  const others: string[] = [];
  for (const name of await fs.readdir(dir)) {
    if (name.startsWith(STAGING_PREFIX)) await fs.rm(path.join(dir, name), { recursive: true, force: true });
    else if (name !== LOCK && name !== MANIFEST) others.push(name);
  }
  if (force || earlier?.jobId === jobId || (earlier === null && others.length === 0)) return earlier;
  const what = earlier ? `an export of job ${earlier.jobId} (${earlier.files.length} file(s), see ${MANIFEST})` : `${others.length} file(s) that are no Winnow export (e.g. ${others.sort()[0]})`;
  throw new WinnowError(ErrorCode.ExportFolderInUse, `${dir} holds ${what}; exporting job ${jobId} there would mix them`, {
    suggestions: ['export into an empty folder', earlier ? 'or pass --force to remove that export first' : 'or pass --force to write beside those files'],
    details: { folder: dir, jobId: earlier?.jobId ?? null },
  });
}

/** Removes the files an earlier export's manifest lists (never outside `dir`), and the folders they leave empty. */
export async function removeExport(dir: string, manifest: ExportManifest): Promise<void> {
  for (const f of manifest.files) {
    const full = path.resolve(dir, f.path);
    if (!full.startsWith(dir + path.sep)) continue;
    await fs.rm(full, { force: true });
    for (let parent = path.dirname(full); parent !== dir && parent.startsWith(dir + path.sep); parent = path.dirname(parent)) {
      if (!(await fs.rmdir(parent).then(() => true, () => false))) break;
    }
  }
}

/** Every file and symlink under a staging folder, relative to it. */
export async function stagedFiles(staging: string): Promise<string[]> {
  const entries = await fs.readdir(staging, { withFileTypes: true, recursive: true });
  return entries.filter((e) => !e.isDirectory()).map((e) => path.relative(staging, path.join(e.parentPath, e.name))).sort();
}

/** Moves staged files into the export folder: each a rename, which replaces (never follows) what stands at the name. */
export async function publishStaged(staging: string, dir: string, files: readonly string[]): Promise<void> {
  for (const f of files) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.rename(path.join(staging, f), path.join(dir, f));
  }
}
