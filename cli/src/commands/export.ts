import * as Flags from '@oclif/core/flags';
import { runExport, type ExportSummary } from '@winnow/core';
import { consoleLogger } from '../services/console-logger';
import { loadRegistry } from '../services/load-registry';
import { WinnowCommand } from '../services/winnow-command';

export default class Export extends WinnowCommand {
  static summary = "Write a job's per-frame results (all stages side by side) in a training-ready format.";
  static examples = ['<%= config.bin %> export --format jsonl --out exports/', '<%= config.bin %> export --format parquet --out exports/ --job 20261128-101500123-abc123'];
  static flags = {
    format: Flags.string({ char: 'f', summary: 'Export format: jsonl, parquet, or one an installed exporter plugin adds (listed under FORMATS).', default: 'jsonl' }),
    out: Flags.string({ char: 'o', summary: 'Folder to write into (created if missing): empty, or holding an earlier export of the same job.', required: true }),
    force: Flags.boolean({ summary: "Export into a folder that holds another job's export (its files are removed first) or other files (they stay).", default: false }),
    job: Flags.string({ summary: 'Job id (default: the newest finished job).' }),
  };

  async run(): Promise<ExportSummary> {
    const { flags } = await this.parse(Export);
    const registry = await loadRegistry(this.config);
    const summary = await runExport({ workspace: flags.workspace, format: flags.format, outDir: flags.out, jobId: flags.job, force: flags.force, registry, logger: consoleLogger() });
    if (!this.jsonEnabled()) this.log(`Exported job ${summary.jobId} as ${summary.format} to ${summary.outDir}: ${summary.files.join(', ')} (listed in ${summary.manifest})`);
    return summary;
  }
}
