import { runOnlyOptions, type OptionDescriptor } from '@winnow/core';
import type { StageCatalog } from '@winnow/core/catalog';

/** The run options and stage options as the stage catalog knows them, before any plugin is loaded: enough to split argv. */
export function runOptionFlags(catalog: StageCatalog): Pick<OptionDescriptor, 'flag' | 'type'>[] {
  const stages = catalog.stages.flatMap((s) => s.options.map((o) => ({ flag: o.flag.replace(/^--/, ''), type: o.type === 'boolean' ? ('boolean' as const) : ('string' as const) })));
  return [...runOnlyOptions(), ...stages];
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
