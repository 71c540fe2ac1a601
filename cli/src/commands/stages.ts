import { describeOptions } from '@winnow/core';
import { loadRegistry } from '../services/load-registry';
import { WinnowCommand } from '../services/winnow-command';

export default class Stages extends WinnowCommand {
  static summary = 'List every stage and exporter from every plugin (bundled, installed, linked) with its options.';

  async run(): Promise<unknown> {
    const registry = await loadRegistry(this.config);
    const stages = registry.stages().map(({ stage, plugin }) => ({
      name: stage.name,
      version: stage.version,
      plugin: plugin.name,
      pluginVersion: plugin.version,
      kind: plugin.kind,
      partition: stage.partition,
      inputs: stage.inputs,
      output: stage.output ?? stage.name,
      optIn: stage.optIn === true,
      description: stage.description ?? '',
      options: describeOptions(stage.config, [stage.name]).map((o) => ({ flag: `--${o.flag}`, type: o.choices ? o.choices.join('|') : o.type, default: o.default, description: o.description })),
    }));
    const exporters = registry.exporters().map(({ exporter, plugin }) => ({ name: exporter.name, version: exporter.version, plugin: plugin.name, kind: plugin.kind, description: exporter.description ?? '' }));
    const result = { stages, exporters, problems: registry.problems };
    if (!this.jsonEnabled()) {
      for (const s of stages) {
        this.log(`${s.name}@${s.version}  [${s.partition}]  ${s.inputs.join(', ')} -> ${s.output}  (${s.plugin}@${s.pluginVersion}, ${s.kind})${s.optIn ? ' opt-in' : ''}`);
        if (s.description) this.log(`    ${s.description}`);
        for (const o of s.options) this.log(`    ${o.flag} <${o.type}> (default: ${JSON.stringify(o.default)})  ${o.description ?? ''}`);
      }
      for (const e of exporters) this.log(`export format ${e.name}@${e.version}  (${e.plugin}, ${e.kind})  ${e.description}`);
      for (const p of registry.problems) this.warn(p.message);
    }
    return result;
  }
}
