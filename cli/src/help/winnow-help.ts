import { Help, type Command } from '@oclif/core';
import { loadRegistry } from '../services/load-registry';
import { renderOptions, runOptionDescriptors } from '../services/run-flags';

/** oclif help, plus for `run` the options that the installed stages' config schemas define. */
export default class WinnowHelp extends Help {
  async showCommandHelp(command: Command.Loadable): Promise<void> {
    await super.showCommandHelp(command);
    if (command.id !== 'run') return;
    const registry = await loadRegistry(this.config);
    this.log(this.section('PIPELINE OPTIONS (config file fields, or flags)', renderOptions(runOptionDescriptors(registry))));
  }
}
