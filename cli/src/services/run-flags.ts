import { runOptionsSchema, describeOptions, type OptionDescriptor, type StageRegistry } from '@winnow/core';

/** Every option `winnow run` accepts beyond its fixed flags: run options and each stage's config, from their schemas. */
export function runOptionDescriptors(registry: StageRegistry): OptionDescriptor[] {
  const run = describeOptions(runOptionsSchema());
  const stages = registry.stages().flatMap(({ stage }) => describeOptions(stage.config, [stage.name]));
  return [...run, ...stages];
}

/** Renders options for `--help`: flag, type, default, description. */
export function renderOptions(options: readonly OptionDescriptor[]): string {
  const lines = options.map((o) => {
    const type = o.choices ? o.choices.join('|') : o.type;
    const def = o.default === undefined ? '' : ` (default: ${JSON.stringify(o.default)})`;
    return [`  --${o.flag} <${type}>`, `      ${o.description ?? ''}${def}`];
  });
  return lines.flat().join('\n');
}
