import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type BigIntStats, type Stats } from 'node:fs';
import { FrameErrorCode } from '../errors';

/** What a file that is not a regular file is, for messages; null for a regular file. */
export function notAFile(s: Stats | BigIntStats): string | null {
  if (s.isFile()) return null;
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** The error of a frame path that names something other than a regular file: never opened for reading. */
export class NotAFileError extends Error {
  readonly code = FrameErrorCode.NotAFile;
  constructor(kind: string) {
    super(`is ${kind}, not an image file`);
  }
}

/**
 * A frame file's bytes. Refuses anything but a regular file before reading it (a read of a FIFO or a device
 * could block forever): checked by path first, then on the opened descriptor (opened non-blocking, so that a
 * FIFO put there in between does not block the open), so a swap between the two cannot slip through.
 * Synchronous on purpose: see the worker's read-ahead.
 */
export function readRegularFile(file: string): Buffer {
  const kind = notAFile(statSync(file));
  if (kind) throw new NotAFileError(kind);
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const again = notAFile(fstatSync(fd));
    if (again) throw new NotAFileError(again);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
