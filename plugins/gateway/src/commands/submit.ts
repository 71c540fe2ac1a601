import * as Flags from '@oclif/core/flags';
import { JobQueue, openWorkspace, type QueueEntry } from '@winnow/core';
import { GatewayCommand } from '../services/gateway-command';
import { readJobConfig, resolveInputs } from '../services/job-input';

export default class Submit extends GatewayCommand {
  static summary = 'Queue a pipeline run for the gateway daemon and print its job id at once.';
  static description =
    'Writes the job to the workspace queue (state/v2/queue/pending). The daemon (winnow gateway start) validates it, runs it on its shared pool and ' +
    'records progress; results, checkpoints and cache keys are the same as `winnow run` with the same --config and inputs.';
  static examples = ['<%= config.bin %> submit --config pipeline.json --input data/stream_001 --input data/stream_002', '<%= config.bin %> submit --input data/stream_001 --json'];
  static flags = {
    input: Flags.string({ char: 'i', summary: 'Stream folder. Repeat for several.', multiple: true, required: true }),
    config: Flags.string({ char: 'c', summary: 'Pipeline config (.json, or a .js/.cjs module exporting the object): the same file `winnow run --config` takes.' }),
    'max-attempts': Flags.integer({ summary: 'Attempts before the job ends FAILED (only failed batches run again).', default: 3, min: 1 }),
  };

  async run(): Promise<Pick<QueueEntry, 'id' | 'inputs' | 'maxAttempts'> & { queue: string }> {
    const { flags } = await this.parse(Submit);
    const inputs = await resolveInputs(flags.input);
    const config = flags.config ? await readJobConfig(flags.config) : {};
    const layout = openWorkspace(flags.workspace);
    const entry = await new JobQueue(layout).submit({ inputs, config, maxAttempts: flags['max-attempts'] });
    this.log(entry.id);
    return { id: entry.id, inputs: entry.inputs, maxAttempts: entry.maxAttempts, queue: layout.queue('pending') };
  }
}
