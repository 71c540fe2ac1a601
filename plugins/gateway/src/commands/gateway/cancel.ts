import * as Flags from '@oclif/core/flags';
import { JobQueue, WorkspaceLayout } from '@winnow/core';
import { suppliedToken, verifyToken } from '../../services/control-token';
import { GatewayCommand, tokenFlags } from '../../services/gateway-command';
import { GatewayPaths } from '../../services/gateway-paths';

export default class GatewayCancel extends GatewayCommand {
  static summary = 'Cancel a queued or running job (a running one stops at its next poll; finished batches stay done).';
  static examples = ['<%= config.bin %> gateway cancel --id 20261128-101500123-abc123'];
  static flags = { ...tokenFlags, id: Flags.string({ summary: 'Job id.', required: true }) };

  async run(): Promise<{ id: string; result: string }> {
    const { flags } = await this.parse(GatewayCancel);
    await verifyToken(new GatewayPaths(flags.workspace).token, await suppliedToken(flags), 'gateway cancel');
    const result = await new JobQueue(new WorkspaceLayout(flags.workspace)).requestCancel(flags.id);
    this.log(result === 'cancelled' ? `job ${flags.id} cancelled` : result === 'requested' ? `job ${flags.id}: cancel requested` : `job ${flags.id} had already finished`);
    return { id: flags.id, result };
  }
}
