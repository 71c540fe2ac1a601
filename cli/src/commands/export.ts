import * as Flags from '@oclif/core/flags';
import { parseOptionArgs, runExport, splitOptionArgs, WinnowError, ErrorCode, type ExportSummary } from '@winnow/core';
import { consoleLogger } from '../services/console-logger';
import { exporterOptionDescriptors, formatOf, unprefixed } from '../services/export-flags';
import { loadRegistry } from '../services/load-registry';
import { WinnowCommand } from '../services/winnow-command';

export default class Export extends WinnowCommand {
  static summary = "Write a job's per-frame results (all stages side by side) in a training-ready format.";
  static description =
    "Every exporter option is a flag, `--<format>.<option>` (listed below under EXPORTER OPTIONS), and for the chosen --format also without the prefix: `winnow export --format yolo --val 0.2 --split scenes --only selected`.";
  static examples = [
    '<%= config.bin %> export --format jsonl --out exports/',
    '<%= config.bin %> export --format parquet --out exports/ --job 20261128-101500123-abc123',
    '<%= config.bin %> export --format keep-list --out kept/',
    '<%= config.bin %> export --format yolo --out dataset/ --only selected --split blocks --val 0.2',
  ];
  static flags = {
    format: Flags.string({ char: 'f', summary: 'Export format: jsonl, parquet, or one an installed exporter plugin adds (listed under FORMATS).', default: 'jsonl' }),
    out: Flags.string({ char: 'o', summary: 'Folder to write into (created if missing): empty, or holding an earlier export of the same job.', required: true }),
    force: Flags.boolean({ summary: "Export into a folder that holds another job's export (its files are removed first) or other files (they stay).", default: false }),
    job: Flags.string({ summary: 'Job id (default: the newest finished job).' }),
  };

  async run(): Promise<ExportSummary> {
    const registry = await loadRegistry(this.config);
    const all = exporterOptionDescriptors(registry);
    const format = formatOf(this.argv, Export.flags.format.default as string);
    const descriptors = [...all, ...unprefixed(all, format, [...Object.keys(Export.flags), ...Object.keys(WinnowCommand.baseFlags)])];
    const split = splitOptionArgs(this.argv, descriptors);
    const { flags } = await this.parse(Export, split.rest);
    const parsed = parseOptionArgs(split.options, descriptors);
    const foreign = Object.keys(parsed).filter((f) => f !== flags.format);
    if (foreign.length)
      throw new WinnowError(ErrorCode.ConfigInvalid, `options of --format ${foreign.join(', ')} were given, but the format is ${flags.format}`, { suggestions: [`use --format ${foreign[0]}, or drop its options`] });
    const options = (parsed[flags.format] ?? {}) as Record<string, unknown>;
    const summary = await runExport({ workspace: flags.workspace, format: flags.format, outDir: flags.out, jobId: flags.job, force: flags.force, options, registry, logger: consoleLogger() });
    if (!this.jsonEnabled()) this.log(`Exported job ${summary.jobId} as ${summary.format} to ${summary.outDir}: ${summary.files.length > 12 ? `${summary.files.slice(0, 12).join(', ')}, ... (${summary.files.length} files)` : summary.files.join(', ')} (listed in ${summary.manifest})`);
    return summary;
  }
}
