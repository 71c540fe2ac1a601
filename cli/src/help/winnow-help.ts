import { type Command } from '@oclif/core';
import { Help } from '@oclif/core/help';

/**
 * oclif help, plus what the installed plugins add: for `run` the options of the stages' config schemas, for
 * `export` every format an exporter offers and every exporter's options.
 */
export default class WinnowHelp extends Help {
  async showCommandHelp(command: Command.Loadable): Promise<void> {
    await super.showCommandHelp(command);
    // Loaded here, not at the top: plain `winnow --help` must not pay for loading core and every plugin.
    if (command.id === 'run') {
      const { loadRegistry } = await import('../services/load-registry');
      const { renderOptions } = await import('../services/run-flags');
      const { runOptionDescriptors } = await import('@winnow/core');
      const registry = await loadRegistry(this.config);
      this.log(this.section('PIPELINE OPTIONS (config file fields, or flags)', renderOptions(runOptionDescriptors(registry))));
    } else if (command.id === 'export') {
      const { stageCatalog } = await import('../services/stage-catalog');
      const { exporters } = await stageCatalog(this.config);
      const width = Math.max(...exporters.map((e) => e.name.length));
      this.log(this.section('FORMATS (--format, from the installed plugins)', exporters.map((e) => `  ${e.name.padEnd(width)}  ${e.description} (${e.plugin})`).join('\n')));
      const [{ loadRegistry }, { renderOptions }, { exporterOptionDescriptors }] = await Promise.all([import('../services/load-registry'), import('../services/run-flags'), import('../services/export-flags')]);
      const options = exporterOptionDescriptors(await loadRegistry(this.config));
      this.log(this.section('EXPORTER OPTIONS (--<format>.<option>; for the chosen --format also --<option>)', renderOptions(options)));
    }
  }
}
