import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** How exports reference frames: a symlink (default, no copy of a large stream), a copy, or not at all. */
export type ImageMode = 'link' | 'copy' | 'none';

export async function placeImage(source: string, target: string, mode: ImageMode): Promise<void> {
  if (mode === 'none') return;
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.rm(target, { force: true });
  if (mode === 'copy') await fs.copyFile(source, target);
  else await fs.symlink(path.resolve(source), target);
}
