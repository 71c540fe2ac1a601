import { type Command } from '@oclif/core';
import { Help } from '@oclif/core/help';

/** oclif help, plus for `run` the options that the installed stages' config schemas define, for `export` the exporters'. */
export default class WinnowHelp extends Help {
  async showCommandHelp(command: Command.Loadable): Promise<void> {
    await super.showCommandHelp(command);
    if (command.id !== 'run' && command.id !== 'export') return;
    // Loaded here, not at the top: plain `winnow --help` must not pay for loading core and every plugin.
    const { loadRegistry } = await import('../services/load-registry');
    const { renderOptions, runOptionDescriptors } = await import('../services/run-flags');
    const registry = await loadRegistry(this.config);
    if (command.id === 'run') return this.log(this.section('PIPELINE OPTIONS (config file fields, or flags)', renderOptions(runOptionDescriptors(registry))));
    const { exporterOptionDescriptors } = await import('../services/export-flags');
    const formats = registry.exporters().map(({ exporter }) => `  ${exporter.name}: ${exporter.description ?? ''}`);
    this.log(this.section('FORMATS', formats.join('\n')));
    this.log(this.section('EXPORTER OPTIONS (--<format>.<option>; for the chosen --format also --<option>)', renderOptions(exporterOptionDescriptors(registry))));
  }
}
