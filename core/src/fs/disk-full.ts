import { statfsSync } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError } from '../errors';

/** A write that ran out of space, as an error that names the file, what it needed and what was free. */
export function diskFullError(file: string, needed: number, cause: unknown): WinnowError {
  const free = freeBytes(path.dirname(file));
  const have = free === null ? '' : `, ${formatBytes(free)} free`;
  return new WinnowError(ErrorCode.DiskFull, `no space left on the device writing ${file}: it needed ${formatBytes(needed)}${have}`, {
    cause,
    suggestions: ['free space on that file system (or point --workspace at a larger one), then run the same command again: completed work is kept'],
    details: { file, needed, free },
  });
}

function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
