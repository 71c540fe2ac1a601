import * as path from 'node:path';

/** The state format this release reads and writes; a breaking change of format is a new version (no migration at run time). */
export const STATE_VERSION = 'v2';

/**
 * Where everything lives under a workspace (default `.winnow/`). See core/README.md, "Workspace layout".
 * Paths only: no I/O here.
 */
export class WorkspaceLayout {
  readonly root: string;
  readonly state: string;

  /** `state`: another folder for the state (a staging folder being filled); default `state/<STATE_VERSION>`. */
  constructor(root: string, state?: string) {
    this.root = path.resolve(root);
    this.state = state ?? path.join(this.root, 'state', STATE_VERSION);
  }

  /** Where the state of an earlier format lives (`state/v2`), which `winnow state import` translates. */
  stateOf(version: string): string {
    return path.join(this.root, 'state', version);
  }
  /** Temporary files of atomic writes into the state and artifacts (same file system; swept of dead writers' files). */
  get tmp(): string {
    return path.join(this.state, 'tmp');
  }
  get locks(): string {
    return path.join(this.runtime, 'locks');
  }

  get jobs(): string {
    return path.join(this.state, 'jobs');
  }
  job(id: string): string {
    return path.join(this.jobs, `${id}.json`);
  }
  queue(state: 'pending' | 'running' | 'done' | 'failed'): string {
    return path.join(this.state, 'queue', state);
  }
  stream(streamId: string): string {
    return path.join(this.state, 'streams', streamId);
  }
  get streams(): string {
    return path.join(this.state, 'streams');
  }
  checkpointDir(stage: string, streamId: string, start: number, end: number): string {
    return path.join(this.state, 'stages', stage, streamId, `${start}_${end}`);
  }
  checkpoint(stage: string, streamId: string, start: number, end: number, key: string): string {
    return path.join(this.checkpointDir(stage, streamId, start, end), `${key}.json`);
  }
  get events(): string {
    return path.join(this.state, 'events');
  }
  get snapshotIndex(): string {
    return path.join(this.state, 'snapshots', 'index.msgpack');
  }
  get runtime(): string {
    return path.join(this.state, 'runtime');
  }
  lock(name: string): string {
    return path.join(this.locks, `${name}.lock`);
  }
  artifactDir(sha256: string): string {
    return path.join(this.root, 'artifacts', 'sha256', sha256.slice(0, 2), sha256);
  }
  /** Where artifacts found corrupt are set aside (so that the partitions that made them are computed again). */
  get quarantine(): string {
    return path.join(this.root, 'artifacts', 'quarantine');
  }
}
