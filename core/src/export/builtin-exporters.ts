import type { PluginContribution } from '@winnow/sdk';
import { jsonlExporter } from './jsonl-exporter';
import { parquetExporter } from './parquet-exporter';

/** Exporters that ship inside core: the export contract's own formats. */
export const builtinContribution: PluginContribution = {
  apiVersion: '^1.0.0',
  exporters: [jsonlExporter, parquetExporter],
};
