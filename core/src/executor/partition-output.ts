import type { FrameError, FrameRecord } from '@winnow/sdk';
import type { Packr } from 'msgpackr';

/** What a stage produced for one partition (a batch, or a whole stream), as stored in its artifact. */
export interface PartitionOutput {
  /** Per-frame records, sorted by frame index. */
  readonly frames: readonly (readonly [number, FrameRecord])[];
  /** Frames that could not be decoded in this partition (batch stages reading frames). */
  readonly errors: readonly (readonly [number, FrameError])[];
  /** Stream-level tables (stream stages), or job-level tables (job stages). */
  readonly tables: Readonly<Record<string, unknown>>;
  /** Job stages: per stream id, its per-frame records and tables. */
  readonly streams?: Readonly<Record<string, { readonly frames: readonly (readonly [number, FrameRecord])[]; readonly tables: Readonly<Record<string, unknown>> }>>;
}

export const PARTITION_MEDIA_TYPE = 'application/vnd.winnow.partition+msgpack';

let packer: Packr | null = null;

/** Plain maps and arrays only (no record extension), so equal outputs are equal bytes. Loaded on first use. */
function packr(): Packr {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  packer ??= new (require('msgpackr') as typeof import('msgpackr')).Packr({ useRecords: false, mapsAsObjects: true, variableMapSize: true });
  return packer;
}

export function encodePartition(output: PartitionOutput): Buffer {
  const { frames, errors, tables, streams } = output;
  return packr().pack(streams ? { frames, errors, tables, streams } : { frames, errors, tables });
}

export function decodePartition(data: Uint8Array): PartitionOutput {
  const o = packr().unpack(data) as Partial<PartitionOutput>;
  return { frames: o.frames ?? [], errors: o.errors ?? [], tables: o.tables ?? {}, streams: o.streams };
}

/**
 * The per-frame records of a stream in some artifacts, in order, one artifact in memory at a time. For a job
 * stage's artifact, `streamId` picks that stream's part. Records that are per-frame stage failures are skipped.
 */
export async function* recordsOf(
  artifacts: { get(sha256: string): Promise<Uint8Array> },
  digests: readonly string[],
  streamId?: string,
): AsyncGenerator<readonly [number, FrameRecord]> {
  for (const digest of digests) {
    const part = decodePartition(await artifacts.get(digest));
    const frames = part.streams && streamId !== undefined ? (part.streams[streamId]?.frames ?? []) : part.frames;
    for (const entry of frames) if (!('error' in entry[1])) yield entry;
  }
}

export function sortedByFrame<T>(entries: Iterable<readonly [number, T]>): (readonly [number, T])[] {
  return [...entries].sort((a, b) => a[0] - b[0]);
}
