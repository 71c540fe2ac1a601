import * as path from 'node:path';
import { WorkspaceLayout } from '@winnow/core';

/** Where the daemon keeps its runtime files. Paths only. */
export class GatewayPaths {
  readonly workspace: string;
  readonly dir: string;

  constructor(workspace: string) {
    const layout = new WorkspaceLayout(workspace);
    this.workspace = layout.root;
    this.dir = path.join(layout.runtime, 'gateway');
  }

  /** Held by the one daemon of this workspace (pid-owned; a dead owner's lock is taken over). */
  get lock(): string {
    return path.join(this.dir, 'daemon.lock');
  }
  get pidFile(): string {
    return path.join(this.dir, 'gateway.pid');
  }
  /** Rewritten every heartbeat: what `gateway status` shows. */
  get status(): string {
    return path.join(this.dir, 'status.json');
  }
  /** Its presence makes stop, cancel and purge require the token (0600). */
  get token(): string {
    return path.join(this.dir, 'control.token');
  }
  /** Control requests from the CLI: `<id>.json` in, `<id>.reply.json` out. */
  get control(): string {
    return path.join(this.dir, 'control');
  }
  get logDir(): string {
    return path.join(this.workspace, 'logs');
  }
  get log(): string {
    return path.join(this.logDir, 'gateway.log');
  }
  /** The detached daemon's stderr: crashes before its logger is up. */
  get stderrLog(): string {
    return path.join(this.logDir, 'gateway.stderr.log');
  }
}
