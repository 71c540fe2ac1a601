import * as path from 'node:path';
import { Type, defineExporter, type ExportRow, type ExportSource } from '@winnow/sdk';
import { writeFileAtomic } from '../fs/atomic-write';
import { declaredColumns, jsonColumn, vectorsOf, type Column, type SchemaNode } from './arrow-columns';

type Arrow = typeof import('apache-arrow');

/**
 * Parquet, one `<stream>.frames.parquet` per stream with the JSONL content flattened (`<stage>_<field>`,
 * `error_code`, ...), and `<stream>.<stage>.<table>.parquet` / `job.<stage>.<table>.parquet` per table. Every
 * column is typed from the stages' declared `records`, never from the values a file happens to hold, so a column
 * has one type in every file of a job, and a declared table that is empty still gets its file. Written with
 * apache-arrow and parquet-wasm (parquetjs-lite is unmaintained and 3x slower).
 */
export const parquetExporter = defineExporter({
  name: 'parquet',
  version: '2.0.0',
  description: 'Per-frame table as typed, snappy-compressed Parquet (one file per stream), one file per stage table',
  options: Type.Object({}, { additionalProperties: false }),
  async export(source, ctx) {
    const pw = await import('parquet-wasm');
    const arrow = await import('apache-arrow');
    const files: string[] = [];
    const rows: Record<string, number> = {};
    const write = async (name: string, columns: readonly Column[], values: readonly unknown[]) => {
      const table = new arrow.Table(vectorsOf(arrow, columns, values));
      const wasmTable = pw.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
      const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).build();
      await writeFileAtomic(path.join(ctx.outDir, name), pw.writeParquet(wasmTable, props));
      files.push(name);
      rows[name] = values.length;
    };
    const writeTables = async (prefix: string, tables: ExportSource['tables']) => {
      for (const [stage, byName] of Object.entries(tables)) {
        for (const [table, value] of Object.entries(byName)) {
          const declared = source.records[stage]?.tables?.[table] as SchemaNode | undefined;
          const values = Array.isArray(value) ? value : [value];
          await write(`${prefix}.${stage}.${table}.parquet`, tableColumns(arrow, declared), values);
        }
      }
    };
    for (const stream of source.streams) {
      const values: ExportRow[] = [];
      for await (const row of stream.rows()) values.push(row);
      await write(`${stream.name}.frames.parquet`, frameColumns(arrow, source, stream.stages, values), values);
      await writeTables(stream.name, stream.tables);
    }
    await writeTables('job', source.tables);
    return { files, rows };
  },
});

/** The catalog's columns, then each exported stage's declared fields as `<stage>_<field>`; undeclared fields as JSON text. */
function frameColumns(arrow: Arrow, source: ExportSource, stages: readonly string[], rows: readonly ExportRow[]): Column[] {
  const field = (row: unknown, key: string) => (row as Record<string, unknown>)[key];
  const catalog = declaredColumns(arrow, CATALOG.properties as Record<string, SchemaNode>, (f) => f, field);
  const error = declaredColumns(arrow, { code: { type: 'string' }, message: { type: 'string' } }, (f) => `error_${f}`, (row, f) => (field(row, 'error') as Record<string, unknown> | null)?.[f]);
  const perStage = stages.flatMap((stage) => {
    const recordOf = (row: unknown) => field(row, stage) as Record<string, unknown> | undefined;
    const declared = (source.records[stage]?.frame?.properties ?? {}) as Record<string, SchemaNode>;
    const extra = new Set<string>();
    for (const r of rows) for (const k of Object.keys(recordOf(r) ?? {})) if (!Object.hasOwn(declared, k)) extra.add(k);
    return [
      ...declaredColumns(arrow, declared, (f) => columnName(stage, f), (row, f) => recordOf(row)?.[f]),
      ...[...extra].sort().map((f) => jsonColumn(arrow, columnName(stage, f), (row) => recordOf(row)?.[f])),
    ];
  });
  return [...catalog, ...error, ...perStage];
}

/** A declared table's columns (rows as objects, or arrays in the order of its properties); an undeclared one as JSON text. */
function tableColumns(arrow: Arrow, declared: SchemaNode | undefined): Column[] {
  if (!declared?.properties) return [jsonColumn(arrow, 'row', (row) => row)];
  return declaredColumns(arrow, declared.properties, (f) => f, (row, f, i) => (Array.isArray(row) ? row[i] : (row as Record<string, unknown> | null)?.[f]));
}

/** The flat column of a stage's record field: `<stage>_<field>`, dashes as underscores. */
function columnName(stage: string, field: string): string {
  return `${stage}_${field}`.replace(/-/g, '_');
}

/** The catalog fields every frame row starts with (the frame's error is its two columns `error_code`, `error_message`). */
const CATALOG = Type.Object({ stream: Type.String(), frame_idx: Type.Integer(), path: Type.String(), blake3: Type.String(), width: Type.Integer(), height: Type.Integer() });
