import { EventJournal, SnapshotIndex, WorkspaceLayout } from '@winnow/core';
import { GatewayCommand } from '../../services/gateway-command';

export default class GatewayRebuildIndex extends GatewayCommand {
  static summary = 'Rebuild snapshots/index.msgpack from the append-only event journal.';
  static description = 'The index is derived data (latest checkpoint per partition); the journal is the source of truth. Safe while the daemon runs: the index is replaced atomically.';
  static examples = ['<%= config.bin %> gateway rebuild-index'];

  async run(): Promise<{ partitions: number; index: string }> {
    const { flags } = await this.parse(GatewayRebuildIndex);
    const layout = new WorkspaceLayout(flags.workspace);
    const partitions = await new SnapshotIndex(layout).rebuild(new EventJournal(layout));
    this.log(`rebuilt ${layout.snapshotIndex}: ${partitions} partitions`);
    return { partitions, index: layout.snapshotIndex };
  }
}
