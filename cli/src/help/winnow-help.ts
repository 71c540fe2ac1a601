import { type Command } from '@oclif/core';
import { Help } from '@oclif/core/help';

/** oclif help, plus for `run` the options that the installed stages' config schemas define. */
export default class WinnowHelp extends Help {
  async showCommandHelp(command: Command.Loadable): Promise<void> {
    await super.showCommandHelp(command);
    if (command.id !== 'run') return;
    // Loaded here, not at the top: plain `winnow --help` must not pay for loading core and every plugin.
    const { loadRegistry } = await import('../services/load-registry');
    const { renderOptions } = await import('../services/run-flags');
    const { runOptionDescriptors } = await import('@winnow/core');
    const registry = await loadRegistry(this.config);
    this.log(this.section('PIPELINE OPTIONS (config file fields, or flags)', renderOptions(runOptionDescriptors(registry))));
  }
}
