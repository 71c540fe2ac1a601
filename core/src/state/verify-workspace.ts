import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../errors';
import { readJsonIfExists } from '../fs/atomic-write';
import { filesUnder } from '../fs/files-under';
import { parseCatalog } from '../ingest/catalog-file';
import type { Checkpoint } from '../store/checkpoint';
import type { JobRecord, PartitionResult } from '../store/job-store';
import { ArtifactStore } from '../store/artifact-store';
import type { WorkspaceLayout } from '../workspace/layout';
import { openWorkspace } from '../workspace/open-workspace';

export type ProblemKind = 'artifact-corrupt' | 'artifact-meta' | 'checkpoint-invalid' | 'checkpoint-artifact' | 'catalog-invalid' | 'job-invalid' | 'job-reference';

export interface Problem {
  readonly kind: ProblemKind;
  /** The file at fault, relative to the workspace. */
  readonly path: string;
  readonly message: string;
  /** With `--repair`: where it was set aside (so the next run recomputes it), or null when nothing was to move. */
  readonly setAside?: string | null;
}

export interface Verification {
  readonly workspace: string;
  readonly checked: { readonly artifacts: number; readonly checkpoints: number; readonly catalogs: number; readonly jobs: number };
  readonly problems: readonly Problem[];
  readonly repaired: boolean;
}

const STATES = new Set(['RUNNING', 'SUCCEEDED', 'FAILED']);
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks every artifact (digest and meta), checkpoint (schema, and that a SUCCEEDED one's artifact is intact),
 * stream catalog (pointer, digest, every record) and job record (schema, and that what it references is intact)
 * of a workspace, like `git fsck`. With `repair`, what is broken is set aside (artifacts to
 * `artifacts/quarantine/`, state files to `state/v2/quarantine/`), so the next run recomputes exactly that;
 * job records are history and only reported.
 */
export async function verifyWorkspace(workspace: string, repair = false): Promise<Verification> {
  const layout = openWorkspace(workspace);
  const problems: Problem[] = [];
  const rel = (file: string) => path.relative(layout.root, file);
  const artifacts = new ArtifactStore(layout);
  const aside = (file: string) => (repair ? setAsideState(layout, file) : undefined);
  const asideArtifact = (digest: string) => {
    const to = artifacts.setAside(digest);
    return to && rel(to);
  };

  const intact = new Set<string>();
  const artifactDirs = listDirs(path.join(layout.root, 'artifacts', 'sha256')).flatMap((d) => listDirs(d));
  for (const dir of artifactDirs) {
    const digest = path.basename(dir);
    const bin = path.join(dir, 'artifact.bin');
    if (!(await artifacts.hashesTo(digest))) {
      problems.push({ kind: 'artifact-corrupt', path: rel(bin), message: existsSync(bin) ? 'its content does not match its digest' : 'artifact.bin is missing', ...withAside(repair ? asideArtifact(digest) : undefined) });
      continue;
    }
    const meta = await readJsonIfExists<{ sha256?: unknown; size?: unknown }>(path.join(dir, 'artifact.meta.json')).catch(() => null);
    if (!meta || meta.sha256 !== digest || meta.size !== statSync(bin).size) {
      problems.push({ kind: 'artifact-meta', path: rel(path.join(dir, 'artifact.meta.json')), message: 'missing, unreadable, or not matching the artifact', ...withAside(repair ? asideArtifact(digest) : undefined) });
      continue;
    }
    intact.add(digest);
  }

  let checkpoints = 0;
  for (const file of filesUnder(path.join(layout.state, 'stages'), '.json')) {
    checkpoints++;
    let cp: Checkpoint | null = null;
    try {
      cp = await readJsonIfExists<Checkpoint>(file);
    } catch (e) {
      problems.push({ kind: 'checkpoint-invalid', path: rel(file), message: `not JSON (${errorMessage(e)})`, ...withAside(aside(file)) });
      continue;
    }
    const problem = checkpointProblem(cp, file);
    if (problem) {
      problems.push({ kind: 'checkpoint-invalid', path: rel(file), message: problem, ...withAside(aside(file)) });
      continue;
    }
    const c = cp as Checkpoint;
    if (c.state === 'SUCCEEDED' && !intact.has(c.output!.artifact)) {
      problems.push({ kind: 'checkpoint-artifact', path: rel(file), message: `SUCCEEDED, but its artifact ${c.output!.artifact} is missing or corrupt: the partition is computed again by the next run`, ...withAside(aside(file)) });
    }
  }

  let catalogs = 0;
  for (const id of listDirs(layout.streams).map((d) => path.basename(d))) {
    const file = path.join(layout.stream(id), 'stream.json');
    if (!existsSync(file)) continue;
    catalogs++;
    const problem = await catalogProblem(file, intact, artifacts, layout);
    if (problem) problems.push({ kind: 'catalog-invalid', path: rel(file), message: problem, ...withAside(aside(file)) });
  }

  let jobs = 0;
  for (const file of filesUnder(layout.jobs, '.json')) {
    jobs++;
    const job = await readJsonIfExists<JobRecord>(file).catch(() => null);
    if (!job || typeof job.id !== 'string' || !Array.isArray(job.streams)) {
      problems.push({ kind: 'job-invalid', path: rel(file), message: 'not a job record' });
      continue;
    }
    const missing = new Set<string>();
    for (const s of job.streams) {
      if (s.catalog && !intact.has(s.catalog)) missing.add(`catalog ${s.catalog} of stream ${s.name}`);
      for (const [stage, parts] of Object.entries(s.stages ?? {}) as [string, PartitionResult[]][]) for (const p of parts) if (p.artifact && !intact.has(p.artifact)) missing.add(`${stage} ${p.start}..${p.end}: artifact ${p.artifact}`);
    }
    if (missing.size > 0) problems.push({ kind: 'job-reference', path: rel(file), message: `references what is missing or corrupt (run the pipeline again for a complete job): ${[...missing].join('; ')}` });
  }
  return { workspace: layout.root, checked: { artifacts: artifactDirs.length, checkpoints, catalogs, jobs }, problems, repaired: repair };
}

function withAside(to: string | null | undefined): { setAside?: string | null } {
  return to === undefined ? {} : { setAside: to };
}

function checkpointProblem(cp: Checkpoint | null, file: string): string | null {
  if (!cp || typeof cp !== 'object') return 'empty';
  if (cp.key !== path.basename(file, '.json')) return `its key ${JSON.stringify(cp.key)} is not its file name`;
  const [range, stream, stage] = [path.basename(path.dirname(file)), path.basename(path.dirname(path.dirname(file))), path.basename(path.dirname(path.dirname(path.dirname(file))))];
  if (cp.stage !== stage || cp.stream !== stream || `${cp.start}_${cp.end}` !== range) return 'its stage, stream or range is not where it is stored';
  if (!STATES.has(cp.state)) return `state ${JSON.stringify(cp.state)} is not a checkpoint state`;
  if (cp.state === 'SUCCEEDED' && (!cp.output || typeof cp.output.artifact !== 'string' || !HEX64.test(cp.output.artifact) || !Number.isSafeInteger(cp.output.frames))) return 'SUCCEEDED without a valid output';
  if (!cp.provenance || typeof cp.provenance.codeHash !== 'string') return 'no provenance';
  return null;
}

async function catalogProblem(file: string, intact: ReadonlySet<string>, artifacts: ArtifactStore, layout: WorkspaceLayout): Promise<string | null> {
  let pointer: { stream?: { id?: unknown }; catalog?: unknown } | null;
  try {
    pointer = await readJsonIfExists(file);
  } catch (e) {
    return `not JSON (${errorMessage(e)})`;
  }
  if (!pointer || typeof pointer.catalog !== 'string' || pointer.stream?.id !== path.basename(path.dirname(file))) return 'not a stream record of this stream';
  if (!intact.has(pointer.catalog)) return `its catalog ${pointer.catalog} is missing or corrupt`;
  try {
    parseCatalog(await artifacts.get(pointer.catalog), path.relative(layout.root, layout.artifactDir(pointer.catalog)));
  } catch (e) {
    return errorMessage(e);
  }
  return null;
}

/** Moves a broken state file to `state/v2/quarantine/` under its relative path; returns where (relative), or null. */
function setAsideState(layout: WorkspaceLayout, file: string): string | null {
  const to = path.join(layout.state, 'quarantine', `${path.relative(layout.state, file)}.${Date.now()}`);
  try {
    mkdirSync(path.dirname(to), { recursive: true });
    renameSync(file, to);
    return path.relative(layout.root, to);
  } catch {
    return null;
  }
}

function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name)).sort();
  } catch {
    return [];
  }
}
