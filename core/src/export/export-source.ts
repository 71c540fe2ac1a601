import type { ExportRow, ExportSource, ExportStream, FrameError, FrameRecord, StageRecords } from '@winnow/sdk';
import { decodePartition } from '../executor/partition-output';
import type { Catalog } from '../ingest/catalog';
import { readCatalogArtifact } from '../ingest/ingest-stream';
import { uniqueStreamNames } from '../ingest/stream-names';
import type { ArtifactStore } from '../store/artifact-store';
import type { JobRecord, JobStream, PartitionResult } from '../store/job-store';
import { ErrorCode, WinnowError } from '../errors';

/**
 * A finished job's results as exporters see them: per stream, rows in frame order that join the catalog with
 * every exported stage's record, read lazily partition by partition.
 */
export async function exportSourceOf(job: JobRecord, artifacts: ArtifactStore): Promise<ExportSource> {
  const exported = job.pipeline.filter((s) => s.exported).map((s) => s.name);
  const readsFrames = job.pipeline.filter((s) => s.partition === 'batch').map((s) => s.name);
  const names = uniqueStreamNames(job.streams);
  const streams: ExportStream[] = [];
  const jobTables: Record<string, Record<string, unknown>> = {};
  const jobParts = new Map<string, ReturnType<typeof decodePartition>>();
  for (const stage of job.pipeline.filter((p) => p.partition === 'job')) {
    const artifact = job.streams[0]?.stages[stage.name]?.[0]?.artifact;
    if (!artifact) continue;
    const out = decodePartition(await artifacts.get(artifact));
    jobParts.set(stage.name, out);
    if (stage.exported) putTables(jobTables, stage.name, out.tables, stage.records);
  }
  for (const s of job.streams) {
    const catalog = await jobCatalog(job, s, artifacts);
    const name = names.get(s.id) as string;
    const tables: Record<string, Record<string, unknown>> = {};
    const whole = new Map<string, Map<number, FrameRecord>>();
    for (const stage of job.pipeline.filter((p) => p.partition === 'stream')) {
      const part = s.stages[stage.name]?.[0];
      if (!part?.artifact) continue;
      const out = decodePartition(await artifacts.get(part.artifact));
      whole.set(stage.name, new Map(out.frames));
      if (stage.exported) putTables(tables, stage.name, out.tables, stage.records);
    }
    for (const [stage, out] of jobParts) {
      const mine = out.streams?.[s.id];
      if (!mine) continue;
      whole.set(stage, new Map(mine.frames));
      if (Object.keys(mine.tables).length > 0 && job.pipeline.find((p) => p.name === stage)?.exported) tables[stage] = mine.tables;
    }
    const rows = async function* (): AsyncGenerator<ExportRow> {
      const cursor = new PartitionCursor(artifacts, s, readsFrames);
      for (const f of catalog.frames) {
        const batch = await cursor.at(f.index);
        const row: Record<string, unknown> = {
          stream: name,
          frame_idx: f.index,
          path: f.path,
          blake3: f.blake3,
          width: f.width,
          height: f.height,
          error: f.error ?? batch.errors.get(f.index) ?? null,
        };
        for (const stage of exported) {
          const rec = whole.get(stage)?.get(f.index) ?? batch.records.get(stage)?.get(f.index);
          if (rec !== undefined) row[stage] = rec;
        }
        yield row as ExportRow;
      }
    };
    streams.push({ id: s.id, name, dir: s.dir, stages: exported, rows, tables });
  }
  const records = Object.fromEntries(job.pipeline.flatMap((p) => (p.records ? [[p.name, p.records] as const] : [])));
  const stages = job.pipeline.map((p) => ({ name: p.name, version: p.version, partition: p.partition as ExportSource['stages'][number]['partition'] }));
  return { jobId: job.id, streams, tables: jobTables, records, stages };
}

/** A stage's tables, with every table it declares (`[]` for one it did not write), so that every export has their files. */
function putTables(into: Record<string, Record<string, unknown>>, stage: string, tables: Readonly<Record<string, unknown>>, records: StageRecords | undefined): void {
  const all = { ...Object.fromEntries(Object.keys(records?.tables ?? {}).map((t) => [t, []])), ...tables };
  if (Object.keys(all).length > 0) into[stage] = all;
}

/** The catalog the job ran on (never the stream's current one, which may have changed since). */
export async function jobCatalog(job: JobRecord, s: JobStream, artifacts: ArtifactStore): Promise<Catalog> {
  if (!s.catalog || !s.record) {
    throw new WinnowError(ErrorCode.CatalogCorrupt, `job ${job.id} has no record of the catalog of stream ${s.name} it ran on (a job imported from state v1 whose stream changed after it ran)`, {
      suggestions: ['run the pipeline again on that stream and export the new job'],
    });
  }
  return readCatalogArtifact(artifacts, s.catalog, s.record);
}

interface LoadedBatch {
  readonly records: Map<string, Map<number, FrameRecord>>;
  readonly errors: Map<number, FrameError>;
}

/** Loads the batch artifacts covering a frame index, one batch at a time (frames come in order). */
class PartitionCursor {
  #start = Number.NaN;
  #end = Number.NaN;
  #current: LoadedBatch = { records: new Map(), errors: new Map() };

  constructor(
    private readonly artifacts: ArtifactStore,
    private readonly stream: JobStream,
    private readonly stages: readonly string[],
  ) {}

  async at(index: number): Promise<LoadedBatch> {
    if (index >= this.#start && index <= this.#end) return this.#current;
    const records = new Map<string, Map<number, FrameRecord>>();
    const errors = new Map<number, FrameError>();
    this.#start = Number.NaN;
    for (const stage of this.stages) {
      const part = findPartition(this.stream.stages[stage] ?? [], index);
      if (!part) continue;
      this.#start = part.start;
      this.#end = part.end;
      if (!part.artifact) continue;
      const out = decodePartition(await this.artifacts.get(part.artifact));
      records.set(stage, new Map(out.frames));
      for (const [i, e] of out.errors) errors.set(i, e);
    }
    this.#current = { records, errors };
    return this.#current;
  }
}

function findPartition(parts: readonly PartitionResult[], index: number): PartitionResult | undefined {
  let lo = 0;
  let hi = parts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (parts[mid].end < index) lo = mid + 1;
    else if (parts[mid].start > index) hi = mid - 1;
    else return parts[mid];
  }
  return undefined;
}
