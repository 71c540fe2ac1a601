import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Every file under `dir` (relative path -> content), to compare two exports byte for byte. An export's
 * `manifest.json` is left out: it names the job that made the export (two runs are two jobs), and the files it
 * lists are compared themselves.
 */
export async function snapshotDir(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    if (file === path.join(dir, 'manifest.json')) continue;
    out[path.relative(dir, file)] = (await fs.readFile(file)).toString('base64');
  }
  return out;
}

/** What a run must never leave behind in a workspace: temporary files, lock files, half-taken-over locks. */
export async function listLeftovers(ws: string): Promise<string[]> {
  const all = await fs.readdir(ws, { withFileTypes: true, recursive: true });
  return all
    .filter((e) => e.isFile() && (e.name.endsWith('.tmp') || e.name.endsWith('.lock') || e.name.includes('.lock.stale.')))
    .map((e) => path.relative(ws, path.join(e.parentPath, e.name)))
    .sort();
}
