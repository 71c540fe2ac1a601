import { promises as fs, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError } from '../errors';
import { readJsonIfExists, writeFileAtomic } from '../fs/atomic-write';
import { sha256Hex } from '../hashing/sha256';
import { ArtifactStore } from '../store/artifact-store';
import { STATE_VERSION, type WorkspaceLayout } from '../workspace/layout';
import { CATALOG_MEDIA_TYPE, encodeCatalog, parseCatalog } from './catalog-file';
import { catalogFrame, formatMismatch, pendingFrame, sameStat, type Catalog, type CatalogFrame, type StatSignature, type StreamRecord } from './catalog';
import { unreadable, type FrameProbe } from './probe-frame';
import { NotAFileError, notAFile } from './read-frame';
import type { ScanReport } from './scan';
import { listStreamFolder, resolveStreamDir } from './stream-folder';

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

/** A scanned stream: every frame's stat known, frames whose file is unchanged reused, the others pending. */
export interface StreamScan {
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  readonly options: IngestOptions;
  readonly scan: ScanReport;
  readonly frames: readonly CatalogFrame[];
  readonly prior: Catalog | null;
}

/**
 * Scans a stream folder: names, gaps, duplicate indices, foreign files, and each frame's stat. Frames whose stat
 * signature is unchanged since the last catalog (or since a probe an interrupted run saved) keep their digest;
 * the others are pending until probed (BLAKE3, header).
 */
export async function scanStream(dir: string, options: IngestOptions, layout: WorkspaceLayout): Promise<StreamScan> {
  const real = resolveStreamDir(dir);
  const id = streamIdOf(real);
  const scan = listStreamFolder(real, options.pattern);
  // Stats before the catalog: the young generation's collections during thousands of stats then copy no catalog.
  // `real` is resolved and a name has no separator: a concatenation is the joined path, without path.join's work.
  const stats = await statSignatures(scan.frames.map((f) => `${real}${path.sep}${f.name}`));
  // The name is the folder as the user gave it (a symlink's own name: `cam_01/frames` linked as `cam_01` is
  // `cam_01`), so exports can be named freely; `run` and `submit` (which queues the given absolute paths) name a
  // stream alike. Its id, and so its checkpoints, come from the real folder.
  const name = path.basename(path.resolve(dir));
  const prior = options.rehash ? null : await readCatalog(layout, id).catch(() => null);
  const previous = new Map((prior?.frames ?? []).map((f) => [f.path, f]));
  if (!options.rehash) for (const f of await readSavedProbes(layout, id)) previous.set(f.path, f);
  const frames = scan.frames.map((f, i) => {
    const [stat, kind] = stats[i];
    const old = previous.get(f.name);
    if (old && old.index === f.index && sameStat(old.stat, stat)) return old;
    // Not a regular file (a FIFO, a socket, a device, a folder): an error at once, never opened for reading.
    return kind ? catalogFrame(f.index, f.name, stat, unreadable(`${name}/${f.name}`, new NotAFileError(kind))) : pendingFrame(f.index, f.name, stat);
  });
  return { id, name, dir: real, options, scan, frames, prior };
}

/**
 * Completes a scanned stream into its catalog: pending frames take the probes an executor saved while decoding
 * them, the rest are probed now; the catalog is stored under `streams/<id>/` (only if it changed).
 */
export async function completeStream(s: StreamScan, layout: WorkspaceLayout, probeMany: ProbeMany): Promise<Catalog> {
  const saved = new Map((await readSavedProbes(layout, s.id)).map((f) => [f.path, f]));
  const frames = s.frames.map((f) => {
    const probed = f.pending ? saved.get(f.path) : undefined;
    return probed && probed.index === f.index && sameStat(probed.stat, f.stat) ? probed : f;
  });
  const todo = frames.flatMap((f, i) => (f.pending ? [i] : []));
  const probes = await probeMany(todo.map((i) => ({ file: path.join(s.dir, frames[i].path), label: `${s.name}/${frames[i].path}` })));
  todo.forEach((i, k) => (frames[i] = catalogFrame(frames[i].index, frames[i].path, frames[i].stat, probes[k])));
  const stream: StreamRecord = {
    id: s.id,
    name: s.name,
    dir: s.dir,
    pattern: s.options.pattern,
    frames: frames.length,
    firstIndex: frames[0]?.index ?? null,
    lastIndex: frames.at(-1)?.index ?? null,
    gaps: s.scan.gaps,
    duplicateIndices: s.scan.duplicateIndices,
    foreign: s.scan.foreign,
    unreadable: frames.filter((f) => f.error).length,
    formatMismatches: frames.filter(formatMismatch).map((f) => f.path),
  };
  if (s.options.strict) assertClean(stream, frames);
  // An unchanged stream (every frame reused, same record) is not written again: a rerun stays read-only here.
  const reused = s.prior !== null && s.frames.every((f) => !f.pending) && frames.length === s.prior.frames.length;
  let digest = s.prior?.digest ?? '';
  if (!reused || JSON.stringify(s.prior?.stream) !== JSON.stringify(stream)) {
    digest = await new ArtifactStore(layout).put(encodeCatalog(frames), CATALOG_MEDIA_TYPE, { stage: 'ingest', version: STATE_VERSION });
    const pointer: StreamPointer = { stream, catalog: digest };
    await writeFileAtomic(path.join(layout.stream(s.id), 'stream.json'), JSON.stringify(pointer, null, 2), layout.tmp);
  }
  if (saved.size > 0) await fs.rm(probesDir(layout, s.id), { recursive: true, force: true });
  return { stream, frames, digest };
}

/** Scans and completes a stream in one go, probing every pending frame (on the executor's pool when given one). */
export async function ingestStream(dir: string, options: IngestOptions, layout: WorkspaceLayout, probeMany: ProbeMany): Promise<Catalog> {
  return completeStream(await scanStream(dir, options, layout), layout, probeMany);
}

/**
 * Saves the probes of frames an executor read while decoding them (one file per batch, written atomically
 * before the batch's checkpoints), so that a run killed before its catalog is written does not read them again.
 */
export async function saveProbes(layout: WorkspaceLayout, streamId: string, batch: string, frames: readonly CatalogFrame[]): Promise<void> {
  await writeFileAtomic(path.join(probesDir(layout, streamId), `${batch}.json`), JSON.stringify(frames), layout.tmp);
}

/** The probes saved for one batch, if any (another run may have read its frames while this one waited). */
export async function readBatchProbes(layout: WorkspaceLayout, streamId: string, batch: string): Promise<CatalogFrame[]> {
  return (await readJsonIfExists<CatalogFrame[]>(path.join(probesDir(layout, streamId), `${batch}.json`)).catch(() => null)) ?? [];
}

async function readSavedProbes(layout: WorkspaceLayout, id: string): Promise<CatalogFrame[]> {
  let names: string[];
  try {
    names = readdirSync(probesDir(layout, id)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    return [];
  }
  const out: CatalogFrame[] = [];
  for (const n of names.sort()) out.push(...((await readJsonIfExists<CatalogFrame[]>(path.join(probesDir(layout, id), n)).catch(() => null)) ?? []));
  return out;
}

function probesDir(layout: WorkspaceLayout, id: string): string {
  return path.join(layout.stream(id), 'probes');
}

/** `streams/<id>/stream.json`: the stream's record and the digest of its current catalog (an artifact). */
interface StreamPointer {
  readonly stream: StreamRecord;
  readonly catalog: string;
}

/**
 * The stream's current catalog, or null when it has none. Its content is checked against its digest and every
 * record is validated: a catalog edited, truncated or damaged is a `WINNOW_ARTIFACT_CORRUPT` or
 * `WINNOW_CATALOG_CORRUPT` error naming the file, never trusted.
 */
export async function readCatalog(layout: WorkspaceLayout, id: string): Promise<Catalog | null> {
  const file = path.join(layout.stream(id), 'stream.json');
  let pointer: StreamPointer | null;
  try {
    pointer = await readJsonIfExists<StreamPointer>(file);
  } catch (e) {
    throw new WinnowError(ErrorCode.CatalogCorrupt, `${file}: not JSON (${(e as Error).message})`, { suggestions: ['run `winnow verify --repair` to set it aside'] });
  }
  if (!pointer) return null;
  if (typeof pointer.catalog !== 'string' || typeof pointer.stream?.id !== 'string') throw new WinnowError(ErrorCode.CatalogCorrupt, `${file}: not a stream record`);
  return readCatalogArtifact(new ArtifactStore(layout), pointer.catalog, pointer.stream);
}

/** A catalog stored under its digest (the one a job ran on), checked and validated. */
export async function readCatalogArtifact(artifacts: ArtifactStore, digest: string, stream: StreamRecord): Promise<Catalog> {
  const frames = parseCatalog(await artifacts.get(digest), `${digest} of stream ${stream.name}`);
  return { stream, frames, digest };
}

/** Files stat-ed per turn of the event loop: a daemon running a scan keeps its heartbeats. */
const STATS_PER_TURN = 1024;

/**
 * Stat signatures of many files, with what each is when it is not a regular file. Synchronous calls in slices: an
 * async stat per file is a trip through the thread pool each (2,000 frames took ~100 ms that way, ~10 ms like
 * this); a slice at a time yields in between.
 */
async function statSignatures(files: readonly string[]): Promise<[StatSignature, string | null][]> {
  const out: [StatSignature, string | null][] = [];
  for (let i = 0; i < files.length; i += STATS_PER_TURN) {
    if (i > 0) await new Promise((r) => setImmediate(r));
    for (const file of files.slice(i, i + STATS_PER_TURN)) out.push(statSignature(file));
  }
  return out;
}

/**
 * A file that cannot be stat'ed (a dangling symlink, a file removed since the listing, no permission) gets a
 * signature no file has, so it stays pending: reading it then records a per-frame error naming it.
 */
function statSignature(file: string): [StatSignature, string | null] {
  try {
    const s = statSync(file, { bigint: true });
    return [{ size: Number(s.size), mtimeNs: s.mtimeNs.toString(), ctimeNs: s.ctimeNs.toString(), ino: Number(s.ino) }, notAFile(s)];
  } catch {
    return [{ size: 0, mtimeNs: 'unreadable', ctimeNs: 'unreadable', ino: 0 }, null];
  }
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
