import * as path from 'node:path';
import * as Flags from '@oclif/core/flags';
import { DEFAULT_RETRY_POLICY, checkWorkerCounts } from '@winnow/core';
import { runDaemon, type PidFile } from '../../services/daemon';
import { GatewayCommand } from '../../services/gateway-command';
import { GatewayPaths } from '../../services/gateway-paths';
import { readPid } from '../../services/gateway-status';
import { GatewayError, GatewayErrorCode } from '../../services/gateway-error';
import { spawnDetached } from '../../services/spawn-daemon';
import { ensureToken } from '../../services/control-token';

export default class GatewayStart extends GatewayCommand {
  static summary = 'Start the gateway daemon for a workspace (detached unless --foreground).';
  static description =
    'One daemon per workspace (a lock), with a pid file, a heartbeat (status.json) and JSON logs in <workspace>/logs/gateway.log. It has no network port: ' +
    'it takes jobs from the workspace queue and control requests from a folder.';
  static examples = ['<%= config.bin %> gateway start', '<%= config.bin %> gateway start --foreground --require-token --workers 4'];
  static flags = {
    foreground: Flags.boolean({ summary: 'Run in this process until stopped (what a service manager runs).', default: false }),
    'require-token': Flags.boolean({ summary: 'Create a control token (0600) that stop, cancel and purge must present.', default: false }),
    workers: Flags.integer({ summary: 'CPU worker threads of the shared pool; 0: one per core.', default: 0, min: 0 }),
    'gpu-workers': Flags.integer({ summary: 'GPU worker processes shared by every job (models stay loaded); -1: one per visible GPU; 0: GPU stages run in the CPU workers.', default: -1, min: -1 }),
    'max-jobs': Flags.integer({ summary: 'Jobs run at once on the shared pool.', default: 2, min: 1 }),
    'poll-ms': Flags.integer({ summary: 'How often the queue and control folders are read.', default: 1000, min: 10 }),
    'heartbeat-ms': Flags.integer({ summary: 'How often heartbeats and status.json are written.', default: 5000, min: 10 }),
    'stale-ms': Flags.integer({ summary: 'A running job whose heartbeat is older than this at start-up is requeued.', default: 30_000, min: 10 }),
    'retry-base-ms': Flags.integer({ summary: 'Backoff before a failed job is retried; doubles per attempt.', default: DEFAULT_RETRY_POLICY.baseMs, min: 0 }),
    'retry-max-ms': Flags.integer({ summary: 'Longest backoff.', default: DEFAULT_RETRY_POLICY.maxMs, min: 0 }),
  };

  async run(): Promise<PidFile & { tokenFile?: string }> {
    const { flags } = await this.parse(GatewayStart);
    checkWorkerCounts({ workers: flags.workers, gpuWorkers: flags['gpu-workers'] }, { workers: '--workers', gpuWorkers: '--gpu-workers' });
    const paths = new GatewayPaths(flags.workspace);
    if (!flags.foreground) {
      const running = await readPid(paths);
      if (running) throw new GatewayError(GatewayErrorCode.AlreadyRunning, `a gateway already runs for workspace ${paths.workspace} (pid ${running.pid})`);
      // Created here too, so that it exists (and can be printed) before this command returns.
      if (flags['require-token']) await ensureToken(paths.token);
      const args = ['gateway', 'start', '--foreground', ...this.argv.filter((a) => a !== '--foreground' && a !== '--json')];
      const pid = await spawnDetached(path.join(this.config.root, 'bin', 'run.js'), withWorkspace(args, paths.workspace), paths);
      this.log(`gateway started: pid ${pid.pid}, workspace ${pid.workspace}, logs ${pid.logFile}`);
      if (flags['require-token']) this.log(`control token: ${paths.token} (0600)`);
      return { ...pid, ...(flags['require-token'] ? { tokenFile: paths.token } : {}) };
    }
    await runDaemon({
      workspace: paths.workspace,
      config: this.config,
      requireToken: flags['require-token'],
      workers: flags.workers,
      gpuWorkers: flags['gpu-workers'],
      maxJobs: flags['max-jobs'],
      pollMs: flags['poll-ms'],
      heartbeatMs: flags['heartbeat-ms'],
      staleMs: flags['stale-ms'],
      retry: { maxAttempts: DEFAULT_RETRY_POLICY.maxAttempts, baseMs: flags['retry-base-ms'], maxMs: flags['retry-max-ms'] },
      echo: process.stdout.isTTY === true && !this.jsonEnabled(),
    });
    return { pid: process.pid, host: '', workspace: paths.workspace, startedAt: '', logFile: paths.log, version: this.config.version };
  }
}

/** The child runs from the workspace folder: pass the workspace as an absolute path. */
function withWorkspace(args: string[], workspace: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--workspace' || a === '-w') i++;
    else if (!a.startsWith('--workspace=')) out.push(a);
  }
  return [...out, '--workspace', workspace];
}
