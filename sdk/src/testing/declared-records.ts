import type { TObject } from '@sinclair/typebox';
import type { Stage } from '@winnow/sdk';
import { Value } from '../typebox';

/**
 * What of a stage's output breaks its declared `records`: per-frame records that do not match `records.frame`,
 * and table rows (objects, or arrays in the order of the schema's properties) that do not match their table's
 * schema. Exports type their columns from the declaration, so a record that breaks it would be a wrong column.
 */
export function recordProblems(stage: Stage, records: readonly { readonly index: number; readonly record: unknown }[], tables: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const frame = stage.records?.frame;
  if (frame) for (const r of records) if (r.record !== null) problems.push(...mismatch(frame, r.record, `frame ${r.index}'s record`));
  for (const [table, schema] of Object.entries(stage.records?.tables ?? {})) {
    const rows = tables[table];
    if (rows === undefined) continue;
    if (!Array.isArray(rows)) {
      problems.push(`table ${table} is not an array of rows`);
      continue;
    }
    const columns = Object.keys(schema.properties);
    rows.forEach((row, i) => problems.push(...mismatch(schema, Array.isArray(row) ? Object.fromEntries(columns.map((c, k) => [c, row[k]])) : row, `table ${table} row ${i}`)));
  }
  return problems;
}

function mismatch(schema: TObject, value: unknown, what: string): string[] {
  if (Value.Check(schema, value)) return [];
  const first = Value.Errors(schema, value).First();
  return [`${what} does not match the declared records${first ? ` at ${first.path || '/'}: ${first.message}` : ''}; fix the record or the stage's \`records\``];
}
