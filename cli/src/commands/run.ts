import * as Flags from '@oclif/core/flags';
import { ErrorCode, WinnowError, checkFlagNames, isWinnowError, prepareRun, readConfigFile, jobFindings, runPipeline, splitOptionArgs, type JobFindings, type RunSummary } from '@winnow/core';
import { consoleLogger } from '../services/console-logger';
import { progressDisplay } from '../services/progress-display';
import { runOptionFlags } from '../services/run-flags';
import { runRegistry } from '../services/run-registry';
import { stageCatalog } from '../services/stage-catalog';
import { WinnowCommand } from '../services/winnow-command';
import { renderFindings } from '../services/render-findings';
import { renderSummary } from '../services/render-summary';

export default class Run extends WinnowCommand {
  static summary = 'Run a pipeline over stream folders, directly in this process (checkpointed, idempotent).';
  static description =
    'Ingests each --input folder, runs the composed stages over batches of frames on all cores, and records the results in the workspace. ' +
    'Rerunning on unchanged input does no stage work. Ends with what was found per stream (as the stages declare it: blurry, dark, duplicates, idle intervals, scenes, kept, ...), a few example paths and the next commands. ' +
    'Every run option and stage option can be set in --config or as a flag (listed below).';
  static examples = [
    '<%= config.bin %> run --input data/stream_001 --input data/stream_002',
    '<%= config.bin %> run --input data/stream_001 --config pipeline.json --blur.threshold 0.5 --batch-size 256',
    '<%= config.bin %> run --input data/stream_001 --input data/stream_002 --select.budget 10%',
  ];
  static flags = {
    input: Flags.string({ char: 'i', summary: 'Stream folder (image_0.jpg, image_1.jpg, ...). Repeat for several.', multiple: true, required: true }),
    config: Flags.string({ char: 'c', summary: 'Pipeline config: .json, .js or .ts.' }),
    progress: Flags.boolean({ summary: 'Show progress on stderr: a bar on a terminal, else a line every ~10 s.', default: true, allowNo: true }),
  };

  async run(): Promise<RunSummary & { findings: JobFindings | null }> {
    const catalog = await stageCatalog(this.config);
    const options = runOptionFlags(catalog);
    const split = splitOptionArgs(this.argv, options);
    checkFlagNames(split.rest, [...Object.keys({ ...Run.baseFlags, ...Run.flags }), 'json', ...options.map((o) => o.flag)]);
    const { flags } = await this.parse(Run, split.rest);
    const fileConfig = flags.config ? await readConfigFile(flags.config) : {};
    const registry = await runRegistry(this.config, catalog, split.options, fileConfig);
    // Refused plugins are named on every run, the ones this run did not need to load too (from the catalog).
    for (const message of new Set([...catalog.problems, ...registry.problems].map((p) => p.message))) this.warn(message);
    const prepared = prepareRun(registry, { inputs: flags.input, fileConfig, optionArgs: split.options });
    const progress = progressDisplay(flags.progress && !this.jsonEnabled());
    const abort = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => abort.abort(signal);
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    let summary: RunSummary;
    try {
      summary = await runPipeline({
        inputs: prepared.inputs,
        config: prepared.config,
        workspace: flags.workspace,
        registry,
        logger: consoleLogger(),
        signal: abort.signal,
        onProgress: (p) => progress.update(p),
      });
    } catch (e) {
      // Ended by a signal: say what is kept and exit as a shell expects (128 + the signal's number).
      if (abort.signal.aborted && isWinnowError(e) && e.code === ErrorCode.Interrupted) {
        throw new WinnowError(e.code, e.message, { exitCode: abort.signal.reason === 'SIGINT' ? 130 : 143, details: e.details, cause: e });
      }
      throw e;
    } finally {
      progress.stop();
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    }
    // What was found, from what the stages declare; a job with failed partitions has no complete findings.
    const findings = summary.failures.length === 0 ? await jobFindings(flags.workspace, summary.jobId, { commandSuffix: flags.workspace === '.winnow' ? '' : ` --workspace ${flags.workspace}` }) : null;
    if (!this.jsonEnabled()) this.log([renderSummary(summary), ...(findings ? [renderFindings(findings)] : [])].join('\n'));
    if (summary.failures.length > 0) process.exitCode = 1;
    return { ...summary, findings };
  }
}
