import type { FrameError } from '@winnow/sdk';
import { FrameErrorCode } from '../errors';
import { loadSharp } from '../decode/load-sharp';
import { blake3Hex } from '../hashing/blake3';
import { readImageHeader } from './image-header';
import { NotAFileError, readRegularFile } from './read-frame';

export interface FrameProbe {
  readonly blake3: string;
  readonly size: number;
  readonly width: number | null;
  readonly height: number | null;
  readonly format: string | null;
  readonly error: FrameError | null;
}

/** Reads one frame file: its BLAKE3, and from its header its size and format, or why it is not a usable image. */
/** `label` names the frame in messages (stream folder and file name), so reports do not depend on where the stream lives. */
export async function probeFrame(file: string, label: string): Promise<FrameProbe> {
  let data: Buffer;
  try {
    data = readRegularFile(file);
  } catch (e) {
    return unreadable(label, e);
  }
  return probeBytes(data, label);
}

/** The probe of a frame that could not be read: not a regular file, or the read failed (gone, no permission). */
export function unreadable(label: string, e: unknown): FrameProbe {
  if (e instanceof NotAFileError) return failed('', 0, FrameErrorCode.NotAFile, `${label}: ${e.message}`);
  return failed('', 0, FrameErrorCode.Unreadable, `${label}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
}

/** The probe of bytes already read: BLAKE3, and from the header the size and format, or why it is not an image. */
export async function probeBytes(data: Buffer, label: string): Promise<FrameProbe> {
  const digest = await blake3Hex(data);
  if (data.byteLength === 0) return failed(digest, 0, FrameErrorCode.Empty, `${label}: the file is empty (0 bytes)`);
  const header = readImageHeader(data);
  if (header) return { blake3: digest, size: data.byteLength, ...header, error: null };
  // Not a header read here: the decoder's own parse says what the file is, or why it is not an image.
  try {
    const meta = await loadSharp()(data).metadata();
    if (!meta.width || !meta.height) return failed(digest, data.byteLength, FrameErrorCode.NotImage, `${label}: no image size in its header`);
    return { blake3: digest, size: data.byteLength, width: meta.width, height: meta.height, format: meta.format ?? null, error: null };
  } catch (e) {
    return failed(digest, data.byteLength, FrameErrorCode.NotImage, `${label}: not a readable image (${(e as Error).message.trim()})`);
  }
}

function failed(blake3: string, size: number, code: string, message: string): FrameProbe {
  return { blake3, size, width: null, height: null, format: null, error: { code, message } };
}
