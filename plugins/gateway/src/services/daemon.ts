import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import type { Interfaces } from '@oclif/core';
import { GpuPool, JobQueue, Scheduler, WorkerPool, visibleGpus, WorkspaceLayout, errorMessage, readJsonIfExists, tryLock, writeFileAtomic, type GpuPoolHealth, type PoolHealth, type QueueState, type RetryPolicy, type SchedulerMetrics } from '@winnow/core';
import { serveControl, type ControlReply } from './control-requests';
import { ensureToken, tokenRequired, verifyToken } from './control-token';
import { GatewayError, GatewayErrorCode } from './gateway-error';
import { GatewayPaths } from './gateway-paths';
import { jsonLogger } from './json-logger';
import { loadRegistry } from './load-registry';

export interface DaemonOptions {
  readonly workspace: string;
  readonly config: Interfaces.Config;
  readonly requireToken: boolean;
  /** CPU worker threads; 0: one per core. */
  readonly workers: number;
  /** GPU worker processes shared by every job; -1: one per visible GPU; 0: GPU stages run in the CPU workers. */
  readonly gpuWorkers: number;
  readonly maxJobs: number;
  readonly pollMs: number;
  readonly heartbeatMs: number;
  readonly staleMs: number;
  readonly retry: RetryPolicy;
  /** Also print log lines on stdout. */
  readonly echo: boolean;
}

export interface PidFile {
  readonly pid: number;
  readonly host: string;
  readonly workspace: string;
  readonly startedAt: string;
  readonly logFile: string;
  readonly version: string;
}

export interface StatusFile extends PidFile {
  readonly state: 'running' | 'stopping' | 'stopped';
  readonly heartbeatAt: string;
  readonly requireToken: boolean;
  readonly pool: PoolHealth;
  /** null: no GPU workers (GPU stages run in the CPU pool). */
  readonly gpuPool: GpuPoolHealth | null;
  readonly queue: Record<QueueState, number>;
  readonly scheduler: SchedulerMetrics;
  readonly process: { readonly rssMb: number; readonly heapUsedMb: number; readonly cpuUserMs: number; readonly cpuSystemMs: number };
}

/**
 * The daemon in this process: one per workspace (a pid-owned lock), a shared CPU pool, the scheduler, a status
 * file rewritten every heartbeat, and control requests read from a folder. Resolves once stopped (SIGTERM, SIGINT
 * or an authorised `gateway stop`): running jobs are interrupted and requeued, finished batches stay done.
 */
export async function runDaemon(o: DaemonOptions): Promise<void> {
  const paths = new GatewayPaths(o.workspace);
  await fs.mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const lock = await tryLock(paths.lock);
  if (!lock) {
    const other = await readJsonIfExists<PidFile>(paths.pidFile).catch(() => null);
    throw new GatewayError(GatewayErrorCode.AlreadyRunning, `a gateway already runs for workspace ${paths.workspace}${other ? ` (pid ${other.pid})` : ''}`, {
      suggestions: ['see it with: winnow gateway status', 'stop it with: winnow gateway stop'],
    });
  }
  const log = jsonLogger(paths.log, { echo: o.echo });
  if (o.requireToken && (await ensureToken(paths.token))) log.info('gateway.token_created', { file: paths.token });
  const pidFile: PidFile = {
    pid: process.pid,
    host: os.hostname(),
    workspace: paths.workspace,
    startedAt: new Date().toISOString(),
    logFile: paths.log,
    version: o.config.version,
  };
  let pool: WorkerPool | null = null;
  let gpuPool: GpuPool | null = null;
  let scheduler: Scheduler | null = null;
  let state: StatusFile['state'] = 'running';
  const timers: NodeJS.Timeout[] = [];
  let stopped!: () => void;
  const done = new Promise<void>((r) => (stopped = r));
  let stopping: Promise<void> | null = null;

  const writeStatus = async () => {
    if (!pool || !scheduler) return;
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    const status: StatusFile = {
      ...pidFile,
      state,
      heartbeatAt: new Date().toISOString(),
      requireToken: await tokenRequired(paths.token),
      pool: pool.health(),
      gpuPool: gpuPool?.health() ?? null,
      queue: await new JobQueue(new WorkspaceLayout(o.workspace)).depth(),
      scheduler: scheduler.metrics(),
      process: { rssMb: mb(mem.rss), heapUsedMb: mb(mem.heapUsed), cpuUserMs: Math.round(cpu.user / 1000), cpuSystemMs: Math.round(cpu.system / 1000) },
    };
    await writeFileAtomic(paths.status, JSON.stringify(status, null, 2));
  };

  const stop = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      state = 'stopping';
      log.info('gateway.stopping', { reason });
      for (const t of timers) clearInterval(t);
      await scheduler?.stop();
      // A worker thread blocked in a system call cannot be terminated until it returns: the daemon does not wait on
      // it forever (its process exits below, which ends every thread), so a stop never leaves a daemon alive
      // without its pid file and lock.
      const closed = await settlesWithin(Promise.all([pool?.close(), gpuPool?.close()]), POOL_CLOSE_MS);
      if (!closed) log.warn('gateway.pool_stuck', { waitedMs: POOL_CLOSE_MS, action: 'exiting without it' });
      state = 'stopped';
      await writeStatus().catch(() => undefined);
      await fs.rm(paths.pidFile, { force: true });
      await lock.release();
      log.info('gateway.stopped', { reason });
      await log.close();
      stopped();
    })());

  const onSignal = (sig: NodeJS.Signals) => void stop(sig);
  process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
  try {
    const registry = await loadRegistry(o.config);
    for (const p of registry.problems) log.warn('plugin.problem', { plugin: p.plugin, code: p.code, error: p.message });
    pool = new WorkerPool(o.workers > 0 ? o.workers : os.availableParallelism());
    const gpuWorkers = o.gpuWorkers >= 0 ? o.gpuWorkers : visibleGpus().length;
    gpuPool = gpuWorkers > 0 ? new GpuPool(gpuWorkers) : null; // processes start with the first GPU chunk
    scheduler = new Scheduler({ workspace: o.workspace, registry, pool, gpuPool: gpuPool ?? undefined, logger: log, maxJobs: o.maxJobs, pollMs: o.pollMs, heartbeatMs: o.heartbeatMs, staleMs: o.staleMs, retry: o.retry });
    await writeFileAtomic(paths.pidFile, JSON.stringify(pidFile, null, 2));
    log.info('gateway.started', { workspace: paths.workspace, workers: pool.size, gpuWorkers: gpuPool?.size ?? 0, maxJobs: o.maxJobs, pollMs: o.pollMs, stages: registry.stages().map((s) => s.stage.name) });
    await scheduler.start();
    await writeStatus();
    timers.push(setInterval(() => void writeStatus().catch((e) => log.error('gateway.status_failed', { error: errorMessage(e) })), o.heartbeatMs));
    timers.push(
      setInterval(
        () =>
          void serveControl(paths.control, async (req): Promise<ControlReply> => {
            try {
              await verifyToken(paths.token, req.token, req.op);
            } catch (e) {
              const g = e as GatewayError;
              log.warn('control.refused', { op: req.op, code: g.code });
              return { ok: false, error: { code: g.code, message: g.message, exitCode: g.exitCode, suggestions: g.suggestions } };
            }
            log.info('control.accepted', { op: req.op });
            setImmediate(() => void stop(`control request ${req.id}`));
            return { ok: true };
          }).catch((e) => log.error('control.failed', { error: errorMessage(e) })),
        o.pollMs,
      ),
    );
  } catch (e) {
    log.error('gateway.start_failed', { error: errorMessage(e) });
    await stop('start failed');
    throw e;
  }
  await done;
  process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
}

/** How long a stop waits for the worker pools to close. */
const POOL_CLOSE_MS = 15_000;

/** Whether `p` settles within `ms`. */
function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  return Promise.race([p.then(() => true, () => true), late]).finally(() => clearTimeout(timer));
}

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
