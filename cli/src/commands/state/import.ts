import { importState, type StateImport } from '@winnow/core';
import { WinnowCommand } from '../../services/winnow-command';

export default class ImportState extends WinnowCommand {
  static summary = "Translate a workspace written by an earlier Winnow (state/v1) into this release's state/v2, once.";
  static description =
    'Checkpoints, events and the queue are carried over; each stream catalog becomes content-addressed and each job records the catalog it ran on ' +
    '(a job whose stream changed after it ran cannot be exported: run it again). state/v1 is left as it was.';
  static examples = ['<%= config.bin %> state import --workspace .winnow'];

  async run(): Promise<StateImport> {
    const { flags } = await this.parse(ImportState);
    const r = await importState(flags.workspace);
    if (!this.jsonEnabled()) {
      this.log(`imported ${r.from} into ${r.to}: ${r.checkpoints} checkpoint(s), ${r.streams} stream catalog(s), ${r.jobs} job record(s)`);
      for (const s of r.skippedStreams) this.log(`  stream ${s.stream} not imported (the next run reads it again): ${s.reason}`);
      if (r.jobsWithoutCatalog.length > 0) this.log(`  ${r.jobsWithoutCatalog.length} job(s) ran on a catalog that has changed since and cannot be exported: ${r.jobsWithoutCatalog.join(', ')}`);
    }
    return r;
  }
}
