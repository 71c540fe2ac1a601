import { ErrorCode, WinnowError } from '../errors';

/** Default frame file name: `image_<N>.<image extension>`, case-insensitive. */
export const DEFAULT_FRAME_PATTERN = '^image_(\\d+)\\.(?:jpe?g|png|webp|tiff?|bmp|gif|avif|heic)$';

/** Compiles a user's pattern; it must have one capture group holding the decimal frame index. */
export function compileFramePattern(pattern: string): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'i');
  } catch (e) {
    throw new WinnowError(ErrorCode.ConfigInvalid, `ingest.pattern: ${JSON.stringify(pattern)} is not a valid regular expression (${(e as Error).message})`);
  }
  if (new RegExp(`${re.source}|`).exec('')!.length < 2) {
    throw new WinnowError(ErrorCode.ConfigInvalid, `ingest.pattern: ${JSON.stringify(pattern)} must have one capture group holding the frame index, e.g. ${JSON.stringify(DEFAULT_FRAME_PATTERN)}`);
  }
  return re;
}

export function frameIndexOf(name: string, re: RegExp): number | null {
  const m = re.exec(name);
  if (!m || m[1] === undefined || !/^\d+$/.test(m[1])) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}
