import * as Flags from '@oclif/core/flags';
import { formatCounts, inspectJob, type JobInspection } from '@winnow/core';
import { GatewayCommand } from '../../services/gateway-command';

export default class InspectJob extends GatewayCommand {
  static summary = "Show a job's state per stage and batch, with errors (gateway or direct jobs).";
  static examples = ['<%= config.bin %> inspect job --id 20261128-101500123-abc123', '<%= config.bin %> inspect job --id 20261128-101500123-abc123 --json'];
  static flags = {
    id: Flags.string({ summary: 'Job id (printed by `winnow submit` and `winnow run`).', required: true }),
    all: Flags.boolean({ summary: 'List every batch, not only those that did not succeed.', default: false }),
  };

  async run(): Promise<JobInspection> {
    const { flags } = await this.parse(InspectJob);
    const r = await inspectJob(flags.workspace, flags.id);
    if (this.jsonEnabled()) return r;
    const q = r.queue;
    this.log(`job ${r.id}: ${r.job?.state ?? 'not started'}${r.job ? ` (${r.job.mode})` : ''}`);
    if (r.job?.state === 'INTERRUPTED' && r.job.owner) this.log(`  its process (pid ${r.job.owner.pid} on ${r.job.owner.host}) is gone: run the same command again to resume; completed partitions are kept`);
    if (q) this.log(`  queue: ${q.state}, attempt ${q.entry.attempts} of ${q.entry.maxAttempts}${q.entry.notBefore ? `, next attempt after ${q.entry.notBefore}` : ''}${q.entry.outcome ? `, outcome ${q.entry.outcome}` : ''}`);
    for (const e of q?.entry.errors ?? []) this.log(`  attempt ${e.attempt}: ${e.code}: ${e.message}`);
    for (const [stage, counts] of Object.entries(r.stages)) {
      this.log(`  ${stage}: ${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ')}`);
    }
    for (const [stage, counts] of Object.entries(r.frameCounts)) this.log(`  ${stage} frames: ${formatCounts(counts)}`);
    for (const b of r.batches) {
      if (!flags.all && b.state === 'SUCCEEDED') continue;
      this.log(`    ${b.stage} ${b.stream} ${b.start}..${b.end}: ${b.state}${b.attempts ? ` after ${b.attempts} attempt(s)` : ''}${b.error ? ` - ${b.error}` : ''}`);
    }
    return r;
  }
}
