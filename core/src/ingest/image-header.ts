import type * as ImageSize from 'image-size';

/** Formats whose header is read here and that the decoder decodes, by image-size's name -> the decoder's name. */
const DECODER_FORMAT: Readonly<Record<string, string>> = { jpg: 'jpeg', png: 'png', webp: 'webp', gif: 'gif', tiff: 'tiff' };

export interface ImageHeader {
  readonly width: number;
  readonly height: number;
  /** As the decoder names it (`jpeg`, `png`, ...). */
  readonly format: string;
}

/**
 * Size and format from the header alone, synchronously (microseconds, no trip through the thread pool), for the
 * formats the decoder reads; null when the header is not one of them or cannot be parsed, so that the decoder
 * itself says what is wrong. Like the decoder's metadata, the size is the stored one (EXIF orientation not applied).
 */
export function readImageHeader(data: Uint8Array): ImageHeader | null {
  // Loaded on first use: only the threads that probe frames need its 26 modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { imageSize } = require('image-size') as typeof ImageSize;
  try {
    const { width, height, type } = imageSize(data);
    const format = type ? DECODER_FORMAT[type] : undefined;
    return format && width > 0 && height > 0 ? { width, height, format } : null;
  } catch {
    return null;
  }
}
