import * as Flags from '@oclif/core/flags';
import { JobQueue, WorkspaceLayout } from '@winnow/core';
import { suppliedToken, verifyToken } from '../../services/control-token';
import { GatewayCommand, tokenFlags } from '../../services/gateway-command';
import { GatewayPaths } from '../../services/gateway-paths';

export default class GatewayPurge extends GatewayCommand {
  static summary = "Delete finished entries from the queue (job records, checkpoints and artifacts stay).";
  static examples = ['<%= config.bin %> gateway purge', '<%= config.bin %> gateway purge --state failed'];
  static flags = {
    ...tokenFlags,
    state: Flags.string({ summary: 'Which finished entries.', options: ['done', 'failed', 'all'], default: 'all' }),
  };

  async run(): Promise<{ purged: number }> {
    const { flags } = await this.parse(GatewayPurge);
    await verifyToken(new GatewayPaths(flags.workspace).token, await suppliedToken(flags), 'gateway purge');
    const states = flags.state === 'all' ? (['done', 'failed'] as const) : ([flags.state as 'done' | 'failed'] as const);
    const purged = await new JobQueue(new WorkspaceLayout(flags.workspace)).purge(states);
    this.log(`purged ${purged} finished queue entries`);
    return { purged };
  }
}
