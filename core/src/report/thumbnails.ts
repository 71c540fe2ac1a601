import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadSharp } from '../decode/load-sharp';

export interface ThumbRequest {
  /** File name without extension: 16 hex digits of the frame's BLAKE3, so identical frames share one. */
  readonly name: string;
  readonly file: string;
}

/**
 * JPEG thumbnails written into `dir` (`<name>.jpg`), read from the original frame files with shrink-on-load; one
 * that exists already is kept (a rerun of the report decodes only new frames). A frame that cannot be read gets
 * none (the page shows a placeholder). At most `concurrency` decodes at a time. Returns how many were made.
 */
export async function makeThumbnails(requests: readonly ThumbRequest[], dir: string, width: number, concurrency: number, signal?: AbortSignal): Promise<number> {
  let next = 0;
  let made = 0;
  const worker = async () => {
    while (next < requests.length) {
      if (signal?.aborted) return;
      const r = requests[next++];
      const out = path.join(dir, `${r.name}.jpg`);
      if (existsSync(out)) continue;
      try {
        await loadSharp()(r.file, { failOn: 'none', limitInputPixels: false })
          .rotate()
          .resize({ width, height: Math.round((width * 3) / 4), fit: 'inside', withoutEnlargement: true })
          .jpeg({ quality: 70 })
          .toFile(out);
        made++;
      } catch {
        // unreadable or vanished file: a placeholder is shown
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, requests.length)) }, worker));
  return made;
}

/** Removes thumbnails of an earlier report that no frame of this one uses (frames changed or left the job). */
export async function pruneThumbnails(dir: string, used: ReadonlySet<string>): Promise<number> {
  let removed = 0;
  for (const f of await fs.readdir(dir)) {
    if (used.has(path.basename(f, '.jpg'))) continue;
    await fs.rm(path.join(dir, f), { force: true });
    removed++;
  }
  return removed;
}

export function frameFile(dir: string, rel: string): string {
  return path.isAbsolute(rel) ? rel : path.join(dir, rel);
}
