import { describeOptions } from '../config/schema-options';
import { outputOf } from '../pipeline/plan-pipeline';
import type { StageRegistry } from '../registry/registry';
import type { StageCatalog } from './stage-catalog';

/** The catalog of a loaded registry: each stage's declaration and its config options with their defaults. */
export function describeRegistry(registry: StageRegistry): StageCatalog {
  return {
    stages: registry.stages().map(({ stage, plugin }) => ({
      name: stage.name,
      version: stage.version,
      plugin: plugin.name,
      pluginVersion: plugin.version,
      kind: plugin.kind,
      partition: stage.partition,
      inputs: stage.inputs,
      output: outputOf(stage),
      optIn: stage.optIn === true,
      description: stage.description ?? '',
      options: describeOptions(stage.config, [stage.name]).map((o) => ({ flag: `--${o.flag}`, type: o.choices ? o.choices.join('|') : o.type, default: o.default, description: o.description })),
    })),
    exporters: registry.exporters().map(({ exporter, plugin }) => ({ name: exporter.name, version: exporter.version, plugin: plugin.name, kind: plugin.kind, description: exporter.description ?? '' })),
    problems: registry.problems.map((p) => ({ plugin: p.plugin, code: p.code, message: p.message })),
  };
}
