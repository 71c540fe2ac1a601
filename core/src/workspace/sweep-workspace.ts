import * as path from 'node:path';
import { sweepLocks } from '../fs/file-lock';
import { sweepTemps } from '../fs/temp-files';
import type { WorkspaceLayout } from './layout';

/**
 * Removes what dead processes of this host left in a workspace: temporary files of interrupted writes (in `tmp/`,
 * and beside the runtime memos and the gateway's files, which are written in place) and lock files whose owner
 * died. Each is a listing of one folder, so a run pays a few readdirs. Returns what was removed, by folder.
 */
export async function sweepWorkspace(layout: WorkspaceLayout): Promise<Record<string, string[]>> {
  const removed: Record<string, string[]> = {};
  const note = (dir: string, names: string[]) => {
    if (names.length > 0) removed[path.relative(layout.root, dir)] = names;
  };
  for (const dir of [layout.tmp, layout.runtime, path.join(layout.runtime, 'code-hash'), path.join(layout.runtime, 'gateway'), path.join(layout.runtime, 'gateway', 'control')]) note(dir, sweepTemps(dir));
  note(layout.locks, await sweepLocks(layout.locks));
  return removed;
}
