import { JobQueue, WorkspaceLayout, isAlive, readJsonIfExists, type QueueState } from '@winnow/core';
import { tokenRequired } from './control-token';
import type { PidFile, StatusFile } from './daemon';
import { GatewayPaths } from './gateway-paths';

export interface GatewayStatus {
  readonly running: boolean;
  readonly workspace: string;
  readonly pid: number | null;
  readonly uptimeS: number | null;
  /** Age of the daemon's last status write; large while running means it is stuck. */
  readonly heartbeatAgeMs: number | null;
  readonly requireToken: boolean;
  readonly logFile: string;
  /** Counted now from the queue folders (the daemon need not run). */
  readonly queue: Record<QueueState, number>;
  /** The daemon's last report: pool health, running jobs, throughput, retries, failures. */
  readonly daemon: Omit<StatusFile, 'queue'> | null;
}

export async function readPid(paths: GatewayPaths): Promise<PidFile | null> {
  const pid = await readJsonIfExists<PidFile>(paths.pidFile).catch(() => null);
  return pid && isAlive(pid.pid) ? pid : null;
}

export async function gatewayStatus(workspace: string): Promise<GatewayStatus> {
  const paths = new GatewayPaths(workspace);
  const pid = await readPid(paths);
  const status = await readJsonIfExists<StatusFile>(paths.status).catch(() => null);
  const { queue: _, ...daemon } = status ?? ({ queue: null } as unknown as StatusFile);
  const now = Date.now();
  return {
    running: pid !== null,
    workspace: paths.workspace,
    pid: pid?.pid ?? null,
    uptimeS: pid ? Math.round((now - Date.parse(pid.startedAt)) / 1000) : null,
    heartbeatAgeMs: status && pid ? now - Date.parse(status.heartbeatAt) : null,
    requireToken: await tokenRequired(paths.token),
    logFile: paths.log,
    queue: await new JobQueue(new WorkspaceLayout(workspace)).depth(),
    daemon: status ? (daemon as Omit<StatusFile, 'queue'>) : null,
  };
}
