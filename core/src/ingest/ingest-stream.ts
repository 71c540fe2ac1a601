import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError } from '../errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { sha256Hex } from '../hashing/sha256';
import type { WorkspaceLayout } from '../workspace/layout';
import { catalogFrame, formatMismatch, sameStat, type Catalog, type CatalogFrame, type StatSignature, type StreamRecord } from './catalog';
import type { FrameProbe } from './probe-frame';
import { scanNames } from './scan';

export interface IngestOptions {
  readonly pattern: string;
  readonly strict: boolean;
  /** Hash every file again even where its stat signature is unchanged. */
  readonly rehash: boolean;
}

/** Probes many files at once (the executor runs these on its worker pool). */
export type ProbeMany = (items: readonly { readonly file: string; readonly label: string }[]) => Promise<FrameProbe[]>;

/** A stream's id: its folder name and a digest of its real path (a storage location, never part of a cache key). */
export function streamIdOf(realDir: string): string {
  const name = path.basename(realDir).replace(/[^A-Za-z0-9._-]/g, '_') || 'stream';
  return `${name}-${sha256Hex(realDir).slice(0, 8)}`;
}

export async function resolveStreamDir(dir: string): Promise<string> {
  let real: string;
  try {
    real = await fs.realpath(dir);
  } catch {
    throw new WinnowError(ErrorCode.StreamNotFound, `stream folder not found: ${dir}`, { suggestions: ['pass a folder that holds image_0.jpg, image_1.jpg, ...'] });
  }
  if (!(await fs.stat(real)).isDirectory()) throw new WinnowError(ErrorCode.StreamNotFound, `not a folder: ${dir}`);
  return real;
}

/**
 * Scans a stream folder into its frame catalog and stores it under `streams/<id>/`. Files whose stat signature
 * is unchanged since the last catalog keep their digest; every other frame is probed (BLAKE3, header).
 */
export async function ingestStream(dir: string, options: IngestOptions, layout: WorkspaceLayout, probeMany: ProbeMany): Promise<Catalog> {
  const real = await resolveStreamDir(dir);
  const id = streamIdOf(real);
  // The name is the folder as the user named it (a symlink's own name), so exports can be named freely.
  const name = path.basename(path.resolve(dir));
  const entries = await fs.readdir(real, { withFileTypes: true });
  const scan = scanNames(entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)), options.pattern);
  const prior = options.rehash ? null : await readCatalog(layout, id).catch(() => null);
  const previous = new Map((prior?.frames ?? []).map((f) => [f.path, f]));

  const stats = await Promise.all(scan.frames.map((f) => statSignature(path.join(real, f.name))));
  const frames: (CatalogFrame | null)[] = scan.frames.map((f, i) => {
    const old = previous.get(f.name);
    return old && old.index === f.index && sameStat(old.stat, stats[i]) ? old : null;
  });
  const todo = frames.flatMap((f, i) => (f === null ? [i] : []));
  const probes = await probeMany(todo.map((i) => ({ file: path.join(real, scan.frames[i].name), label: `${name}/${scan.frames[i].name}` })));
  todo.forEach((i, k) => (frames[i] = catalogFrame(scan.frames[i].index, scan.frames[i].name, stats[i], probes[k])));

  const done = frames as CatalogFrame[];
  const stream: StreamRecord = {
    id,
    name,
    dir: real,
    pattern: options.pattern,
    frames: done.length,
    firstIndex: done[0]?.index ?? null,
    lastIndex: done.at(-1)?.index ?? null,
    gaps: scan.gaps,
    duplicateIndices: scan.duplicateIndices,
    foreign: scan.foreign,
    unreadable: done.filter((f) => f.error).length,
    formatMismatches: done.filter(formatMismatch).map((f) => f.path),
  };
  if (options.strict) assertClean(stream, done);
  // An unchanged stream (every frame reused, same record) is not written again: a rerun stays read-only here.
  const unchanged = prior !== null && todo.length === 0 && done.length === prior.frames.length && JSON.stringify(prior.stream) === JSON.stringify(stream);
  if (!unchanged) {
    await writeFileAtomic(path.join(layout.stream(id), 'frames.jsonl'), done.map((f) => JSON.stringify(f) + '\n').join(''));
    await writeFileAtomic(path.join(layout.stream(id), 'stream.json'), JSON.stringify(stream, null, 2));
  }
  return { stream, frames: done };
}

export async function readCatalog(layout: WorkspaceLayout, id: string): Promise<Catalog | null> {
  try {
    const stream = JSON.parse(await fs.readFile(path.join(layout.stream(id), 'stream.json'), 'utf8')) as StreamRecord;
    const text = await fs.readFile(path.join(layout.stream(id), 'frames.jsonl'), 'utf8');
    const frames = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as CatalogFrame);
    return { stream, frames };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function statSignature(file: string): Promise<StatSignature> {
  const s = await fs.stat(file, { bigint: true });
  return { size: Number(s.size), mtimeNs: s.mtimeNs.toString(), ctimeNs: s.ctimeNs.toString(), ino: Number(s.ino) };
}

function assertClean(stream: StreamRecord, frames: readonly CatalogFrame[]): void {
  const problems = [
    ...stream.gaps.map(([a, b]) => (a === b ? `missing frame index ${a}` : `missing frame indices ${a}-${b}`)),
    ...stream.duplicateIndices.map((d) => `${d.dropped}: frame index ${d.index} is already taken by ${d.kept}`),
    ...stream.foreign.map((f) => `${f}: not a frame (does not match ${stream.pattern})`),
    ...frames.flatMap((f) => (f.error ? [f.error.message] : [])),
  ];
  if (problems.length > 0) {
    throw new WinnowError(ErrorCode.StreamInvalid, `stream ${stream.dir} fails strict ingest:\n  ${problems.join('\n  ')}`, {
      suggestions: ['run without --ingest.strict to record these problems and process every readable frame'],
      details: { problems },
    });
  }
}
