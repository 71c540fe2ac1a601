import { readdirSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError, errorMessage } from '../errors';
import { scanNames, type ScanReport } from './scan';

/** A stream folder's real path; a missing path or one that is not a folder is refused. */
export function resolveStreamDir(dir: string): string {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    throw new WinnowError(ErrorCode.StreamNotFound, `stream folder not found: ${dir}`, { suggestions: ['pass a folder that holds image_0.jpg, image_1.jpg, ...'] });
  }
  if (!statSync(real).isDirectory()) throw new WinnowError(ErrorCode.StreamInvalid, `not a folder: ${dir}`, { suggestions: ['pass a folder that holds image_0.jpg, image_1.jpg, ...'] });
  return real;
}

/**
 * Inputs as absolute paths, each real folder once, in the order first given: the same folder given twice, or once
 * through a symlink, is one stream, named after the path first given (see `scanStream`). Each is checked to be a
 * folder.
 */
export function resolveStreamDirs(inputs: readonly string[]): string[] {
  const byReal = new Map<string, string>();
  for (const input of inputs) {
    const real = resolveStreamDir(input);
    if (!byReal.has(real)) byReal.set(real, path.resolve(input));
  }
  return [...byReal.values()];
}

/**
 * Lists a stream folder (a real path) and sorts its names into frames and the rest. A folder that cannot be
 * read, or where no file matches the frame pattern, is refused: a run over it would succeed with 0 frames.
 */
export function listStreamFolder(dir: string, pattern: string): ScanReport {
  let entries;
  try {
    // Synchronous: one call lists the whole folder (a few ms for thousands of frames).
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new WinnowError(ErrorCode.StreamInvalid, `cannot read stream folder ${dir}: ${errorMessage(e)}`);
  }
  // A folder named like a frame is a frame (that is not a file: a per-frame error); other folders are foreign.
  const named = scanNames(entries.map((e) => e.name), pattern);
  const folders = new Set(entries.flatMap((e) => (e.isDirectory() ? [e.name] : [])));
  const scan = { ...named, foreign: named.foreign.map((n) => (folders.has(n) ? `${n}/` : n)) };
  if (scan.frames.length > 0) return scan;
  const suggestions = [`frames are named by --ingest.pattern (now ${JSON.stringify(pattern)}; its capture group is the frame index)`];
  if (scan.foreign.length === 0) throw new WinnowError(ErrorCode.StreamInvalid, `stream folder ${dir} is empty: no file matches the frame pattern ${pattern}`, { suggestions });
  throw new WinnowError(
    ErrorCode.StreamInvalid,
    `no frames in stream folder ${dir}: none of its ${scan.foreign.length} file(s) matches the frame pattern ${pattern} (e.g. ${JSON.stringify(scan.foreign[0])} does not)`,
    { suggestions, details: { pattern, unmatched: scan.foreign.slice(0, 5) } },
  );
}
