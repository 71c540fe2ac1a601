import type { FrameRef } from '@winnow/sdk';
import type { FrameProbe } from './probe-frame';
import type { ScanReport } from './scan';

/** Stat signature of a file, used only to avoid re-hashing an unchanged file (as git's index does). Never in a cache key. */
export interface StatSignature {
  readonly size: number;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
  readonly ino: number;
}

export interface CatalogFrame extends FrameRef {
  readonly size: number;
  readonly format: string | null;
  readonly stat: StatSignature;
  /** Not read yet (no digest, size or error known): the executor probes it in the same pass that decodes it. */
  readonly pending?: true;
}

/** A frame whose file changed or is new, before it was read. */
export function pendingFrame(index: number, path: string, stat: StatSignature): CatalogFrame {
  return { index, path, blake3: '', width: null, height: null, error: null, size: stat.size, format: null, stat, pending: true };
}

export interface StreamRecord {
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  readonly pattern: string;
  readonly frames: number;
  readonly firstIndex: number | null;
  readonly lastIndex: number | null;
  readonly gaps: ScanReport['gaps'];
  readonly duplicateIndices: ScanReport['duplicateIndices'];
  readonly foreign: ScanReport['foreign'];
  readonly unreadable: number;
  /** Frames whose content does not match their extension (e.g. PNG bytes in a .jpg): usable, but worth knowing. */
  readonly formatMismatches: readonly string[];
}

export interface Catalog {
  readonly stream: StreamRecord;
  readonly frames: readonly CatalogFrame[];
  /** SHA-256 of the stored catalog (an artifact): what a job records as the catalog it ran on. */
  readonly digest: string;
}

export function catalogFrame(index: number, path: string, stat: StatSignature, probe: FrameProbe): CatalogFrame {
  return {
    index,
    path,
    blake3: probe.blake3,
    width: probe.width,
    height: probe.height,
    error: probe.error,
    size: probe.size,
    format: probe.format,
    stat,
  };
}

export function sameStat(a: StatSignature, b: StatSignature): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;
}

const EXT_FORMATS: Record<string, readonly string[]> = {
  jpg: ['jpeg'],
  jpeg: ['jpeg'],
  png: ['png'],
  webp: ['webp'],
  tif: ['tiff'],
  tiff: ['tiff'],
  gif: ['gif'],
  avif: ['heif'],
  heic: ['heif'],
};

export function formatMismatch(frame: CatalogFrame): boolean {
  const ext = frame.path.split('.').pop()?.toLowerCase() ?? '';
  const expected = EXT_FORMATS[ext];
  return frame.format !== null && expected !== undefined && !expected.includes(frame.format);
}
