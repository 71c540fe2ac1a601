import type { PluginContribution } from '@winnow/sdk';

let contribution: PluginContribution | null = null;

/**
 * Exporters that ship inside core: the export contract's own formats. Built on first use, so that importing
 * core does not load TypeBox (their option schemas) for commands that never export or run.
 */
export function builtinContribution(): PluginContribution {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  contribution ??= { apiVersion: '^1.0.0', exporters: [(require('./jsonl-exporter') as typeof import('./jsonl-exporter')).jsonlExporter, (require('./parquet-exporter') as typeof import('./parquet-exporter')).parquetExporter] };
  return contribution;
}
