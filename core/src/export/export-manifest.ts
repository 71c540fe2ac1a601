import { createReadStream, promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { canonicalJson } from '../hashing/canonical-json';
import { sha256Hex } from '../hashing/sha256';
import type { JobRecord } from '../store/job-store';

/** The file every export writes last: what job made the folder's files, and each file's digest (no time: the same job exported again gives the same bytes). */
export const MANIFEST = 'manifest.json';

export interface ManifestFile {
  /** Relative to the export folder, with `/` separators. */
  readonly path: string;
  readonly format: string;
  /** Of the content (a symlink's target's content). */
  readonly sha256: string;
  readonly bytes: number;
  /** Rows or records, where the format has them (the exporter says); null otherwise. */
  readonly rows: number | null;
  /** Where a symlink the exporter made points (e.g. COCO's `images: link`). */
  readonly symlink?: string;
}

export interface ExportManifest {
  readonly winnowExport: 1;
  readonly jobId: string;
  /** SHA-256 of the job's config, canonical JSON (sorted keys). */
  readonly configHash: string;
  readonly stages: readonly { readonly name: string; readonly version: string; readonly plugin: string }[];
  /** Every format exported into the folder for this job, in order. */
  readonly formats: readonly string[];
  readonly files: readonly ManifestFile[];
}

/** The folder's manifest, or null when it has none (or one Winnow did not write). */
export async function readManifest(dir: string): Promise<ExportManifest | null> {
  try {
    const m = JSON.parse(await fs.readFile(path.join(dir, MANIFEST), 'utf8')) as ExportManifest;
    return m.winnowExport === 1 && typeof m.jobId === 'string' && Array.isArray(m.files) ? m : null;
  } catch {
    return null;
  }
}

/**
 * The manifest after exporting `files` of `job` as `format`: the files of an earlier export of the same job that
 * this one did not write again stay listed (a JSONL and a Parquet export can share a folder).
 */
export function nextManifest(job: JobRecord, format: string, files: readonly ManifestFile[], earlier: ExportManifest | null): ExportManifest {
  const same = earlier?.jobId === job.id ? earlier : null;
  const written = new Set(files.map((f) => f.path));
  return {
    winnowExport: 1,
    jobId: job.id,
    configHash: sha256Hex(canonicalJson(job.config)),
    stages: job.pipeline.map((s) => ({ name: s.name, version: s.version, plugin: s.plugin })),
    formats: [...new Set([...(same?.formats ?? []), format])],
    files: [...(same?.files.filter((f) => !written.has(f.path)) ?? []), ...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

/** A written file as the manifest lists it: digest and size read back from the file itself. */
export async function describeFile(dir: string, rel: string, format: string, rows: number | null): Promise<ManifestFile> {
  const full = path.join(dir, rel);
  const link = (await fs.lstat(full)).isSymbolicLink() ? await fs.readlink(full) : undefined;
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(full)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { path: rel.split(path.sep).join('/'), format, sha256: hash.digest('hex'), bytes, rows, ...(link === undefined ? {} : { symlink: link }) };
}
