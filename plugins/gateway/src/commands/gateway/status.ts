import { GatewayCommand } from '../../services/gateway-command';
import { gatewayStatus, type GatewayStatus } from '../../services/gateway-status';

export default class GatewayStatusCommand extends GatewayCommand {
  static summary = 'Show the daemon: pid, uptime, pool health, queue depth per state, running jobs, throughput, retries and failures.';
  static examples = ['<%= config.bin %> gateway status', '<%= config.bin %> gateway status --json'];

  async run(): Promise<GatewayStatus> {
    const { flags } = await this.parse(GatewayStatusCommand);
    const s = await gatewayStatus(flags.workspace);
    if (this.jsonEnabled()) return s;
    const q = s.queue;
    this.log(s.running ? `gateway running: pid ${s.pid}, up ${s.uptimeS} s, last heartbeat ${Math.round((s.heartbeatAgeMs ?? 0) / 1000)} s ago` : 'gateway not running');
    this.log(`  workspace: ${s.workspace}${s.requireToken ? ' (control token required)' : ''}`);
    this.log(`  queue: ${q.pending} pending, ${q.running} running, ${q.done} done, ${q.failed} failed`);
    const d = s.daemon;
    if (d && s.running) {
      const p = d.pool;
      const m = d.scheduler;
      this.log(`  pool: ${p.threads}/${p.size} threads, ${p.running} tasks in flight (limit ${m.inflightLimit}), ${p.completed} done, ${p.failed} failed, mean ${p.meanTaskMs} ms/task`);
      const g = d.gpuPool;
      if (g) this.log(`  GPU workers: ${g.processes}/${g.size} processes (${g.devices.length > 0 ? `GPU ${g.devices.join(', ')}` : 'no GPU visible'}), ${g.tasks} chunks, ${g.frames} frames, ${g.failed} failed, ${g.started} started`);
      this.log(`  jobs: ${m.running.length} running (max ${m.maxJobs}), ${m.jobs.succeeded} succeeded, ${m.jobs.failed} failed, ${m.jobs.retried} retried, ${m.jobs.requeued} requeued, ${m.jobs.cancelled} cancelled`);
      for (const r of m.running) this.log(`    ${r.id} attempt ${r.attempt}, since ${r.startedAt}, batch size ${r.batchSize}`);
      this.log(`  batches: ${m.batches.computed} computed, ${m.batches.skipped} reused, ${m.batches.failed} failed; ${m.framesMeasured} frames measured${m.framesMeasured > 0 ? ` at ${m.framesPerSecond} frames/s` : ''}`);
      this.log(`  process: ${d.process.rssMb} MB RSS, cpu ${d.process.cpuUserMs + d.process.cpuSystemMs} ms`);
    }
    this.log(`  logs: ${s.logFile}`);
    return s;
  }
}
