import * as Flags from '@oclif/core/flags';
import { JobQueue, checkFlagNames, listStreamFolder, openWorkspace, prepareRun, readConfigFile, runOptionDescriptors, splitOptionArgs, type QueueEntry } from '@winnow/core';
import { GatewayCommand } from '../services/gateway-command';
import { loadRegistry } from '../services/load-registry';

export default class Submit extends GatewayCommand {
  static summary = 'Queue a pipeline run for the gateway daemon and print its job id at once.';
  static description =
    'Validates the job as `winnow run` would (config, every run and stage option as a flag, inputs and their frames), then writes it to the ' +
    'workspace queue (state/v2/queue/pending). The daemon (winnow gateway start) runs it on its shared pool and records progress; results, ' +
    'checkpoints, cache keys and stream names are the same as `winnow run` with the same arguments.';
  static examples = [
    '<%= config.bin %> submit --config pipeline.json --input data/stream_001 --input data/stream_002',
    '<%= config.bin %> submit --input data/stream_001 --blur.threshold 0.3 --stages blur --json',
  ];
  static flags = {
    input: Flags.string({ char: 'i', summary: 'Stream folder. Repeat for several.', multiple: true, required: true }),
    config: Flags.string({ char: 'c', summary: 'Pipeline config (.json, .js or .ts): the same file `winnow run --config` takes.' }),
    'max-attempts': Flags.integer({ summary: 'Attempts before the job ends FAILED (only failed batches run again).', default: 3, min: 1 }),
  };

  async run(): Promise<Pick<QueueEntry, 'id' | 'inputs' | 'maxAttempts'> & { queue: string }> {
    const registry = await loadRegistry(this.config);
    const options = runOptionDescriptors(registry);
    const split = splitOptionArgs(this.argv, options);
    checkFlagNames(split.rest, [...Object.keys({ ...Submit.baseFlags, ...Submit.flags }), 'json', ...options.map((o) => o.flag)]);
    const { flags } = await this.parse(Submit, split.rest);
    const fileConfig = flags.config ? await readConfigFile(flags.config) : {};
    const prepared = prepareRun(registry, { inputs: flags.input, fileConfig, optionArgs: split.options });
    // The daemon's ingest would refuse a folder without frames; the user hears it now, not in `inspect job`.
    for (const dir of prepared.inputs) listStreamFolder(dir, prepared.options.ingest.pattern);
    const layout = openWorkspace(flags.workspace);
    const entry = await new JobQueue(layout).submit({ inputs: prepared.inputs, config: prepared.config, maxAttempts: flags['max-attempts'] });
    this.log(entry.id);
    return { id: entry.id, inputs: entry.inputs, maxAttempts: entry.maxAttempts, queue: layout.queue('pending') };
  }
}
