import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

/** Every file under `dir` (recursively) whose name ends with `ext`, hidden ones left out, sorted; none when `dir` is absent. */
export function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext) && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}
