import type { FrameError, FrameRecord } from '@winnow/sdk';
import { Packr } from 'msgpackr';

/** What a stage produced for one partition (a batch, or a whole stream), as stored in its artifact. */
export interface PartitionOutput {
  /** Per-frame records, sorted by frame index. */
  readonly frames: readonly (readonly [number, FrameRecord])[];
  /** Frames that could not be decoded in this partition (batch stages reading frames). */
  readonly errors: readonly (readonly [number, FrameError])[];
  /** Stream-level tables (stream stages). */
  readonly tables: Readonly<Record<string, unknown>>;
}

export const PARTITION_MEDIA_TYPE = 'application/vnd.winnow.partition+msgpack';

// Plain maps and arrays only (no record extension), so equal outputs are equal bytes.
const packr = new Packr({ useRecords: false, mapsAsObjects: true, variableMapSize: true });

export function encodePartition(output: PartitionOutput): Buffer {
  return packr.pack({ frames: output.frames, errors: output.errors, tables: output.tables });
}

export function decodePartition(data: Uint8Array): PartitionOutput {
  const o = packr.unpack(data) as Partial<PartitionOutput>;
  return { frames: o.frames ?? [], errors: o.errors ?? [], tables: o.tables ?? {} };
}

export function sortedByFrame<T>(entries: Iterable<readonly [number, T]>): (readonly [number, T])[] {
  return [...entries].sort((a, b) => a[0] - b[0]);
}
