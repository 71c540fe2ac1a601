import * as path from 'node:path';
import { loadSharp } from '../decode/load-sharp';

export interface ThumbRequest {
  readonly key: string;
  readonly file: string;
}

/**
 * Small JPEG thumbnails as data URLs, read from the original frame files; a frame that cannot be read gets no
 * entry (the page shows a placeholder). At most `concurrency` decodes at a time.
 */
export async function makeThumbnails(requests: readonly ThumbRequest[], width: number, concurrency: number, signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      if (signal?.aborted) return;
      const r = requests[next++];
      try {
        const jpg = await loadSharp()(r.file, { failOn: 'none', limitInputPixels: false })
          .rotate()
          .resize({ width, height: Math.round((width * 3) / 4), fit: 'inside', withoutEnlargement: true })
          .jpeg({ quality: 62, mozjpeg: false })
          .toBuffer();
        out.set(r.key, `data:image/jpeg;base64,${jpg.toString('base64')}`);
      } catch {
        // unreadable or vanished file: a placeholder is shown
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, requests.length)) }, worker));
  return out;
}

export function frameFile(dir: string, rel: string): string {
  return path.isAbsolute(rel) ? rel : path.join(dir, rel);
}
