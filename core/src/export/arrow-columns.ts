import type { DataType, Vector } from 'apache-arrow';

type Arrow = typeof import('apache-arrow');

/** A JSON schema node as a stage's TypeBox `records` declare it, or as the job record stored it (plain JSON). */
export interface SchemaNode {
  readonly type?: string;
  readonly const?: unknown;
  readonly anyOf?: readonly SchemaNode[];
  readonly items?: SchemaNode | readonly SchemaNode[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
}

/** One Parquet column: its name, its Arrow type, and how a row gives its value. */
export interface Column {
  readonly name: string;
  readonly type: DataType;
  readonly value: (row: unknown) => unknown;
}

/** How values of a declared field become Arrow values of its type. */
interface Typed {
  readonly type: DataType;
  readonly convert: (v: unknown) => unknown;
}

/**
 * The Arrow type of a declared field: integers Int64, other numbers Float64, booleans Bool, strings (and string
 * literals) Utf8, arrays lists, objects structs, a union with null its other member; anything else JSON text.
 * Every field is nullable, so a record without it is a null, never another type.
 */
export function typedOf(arrow: Arrow, node: SchemaNode | undefined): Typed {
  const members = node?.anyOf?.filter((m) => m.type !== 'null');
  if (members && members.length === 1) return typedOf(arrow, members[0]);
  if (members && members.length > 1 && members.every((m) => m.type === 'string' || typeof m.const === 'string')) return utf8(arrow);
  switch (node?.type) {
    case 'integer':
      return { type: new arrow.Int64(), convert: (v) => (Number.isInteger(v) ? BigInt(v as number) : null) };
    case 'number':
      return { type: new arrow.Float64(), convert: (v) => (typeof v === 'number' ? v : null) };
    case 'boolean':
      return { type: new arrow.Bool(), convert: (v) => (typeof v === 'boolean' ? v : null) };
    case 'string':
      return utf8(arrow);
    case 'array':
      return listOf(arrow, node);
    case 'object':
      return node.properties ? structOf(arrow, node.properties) : json(arrow);
    default:
      return json(arrow);
  }
}

/** The columns of a declared object schema, read from each row by `get` (a record's field, or a table row's position). */
export function declaredColumns(arrow: Arrow, properties: Readonly<Record<string, SchemaNode>>, name: (field: string) => string, get: (row: unknown, field: string, position: number) => unknown): Column[] {
  return Object.entries(properties).map(([field, node], position) => {
    const t = typedOf(arrow, node);
    return { name: name(field), type: t.type, value: (row) => nullable(t, get(row, field, position)) };
  });
}

/** A column of JSON text, for what no stage declared. */
export function jsonColumn(arrow: Arrow, name: string, get: (row: unknown) => unknown): Column {
  const t = json(arrow);
  return { name, type: t.type, value: (row) => nullable(t, get(row)) };
}

/** The Arrow vectors of rows, one per column, each of its column's type whatever values the rows hold. */
export function vectorsOf(arrow: Arrow, columns: readonly Column[], rows: readonly unknown[]): Record<string, Vector> {
  return Object.fromEntries(columns.map((c) => [c.name, arrow.vectorFromArray(rows.map(c.value), c.type)]));
}

function nullable(t: Typed, v: unknown): unknown {
  return v === undefined || v === null ? null : t.convert(v);
}

function utf8(arrow: Arrow): Typed {
  return { type: new arrow.Utf8(), convert: (v) => (typeof v === 'string' ? v : JSON.stringify(v)) };
}

function json(arrow: Arrow): Typed {
  return { type: new arrow.Utf8(), convert: (v) => JSON.stringify(v) };
}

function listOf(arrow: Arrow, node: SchemaNode): Typed {
  const items = Array.isArray(node.items) ? node.items : [node.items];
  const kinds = new Set(items.map((i) => JSON.stringify(i ?? null)));
  if (kinds.size !== 1) return json(arrow);
  const child = typedOf(arrow, items[0]);
  return { type: new arrow.List(new arrow.Field('item', child.type, true)), convert: (v) => (Array.isArray(v) ? v.map((x) => nullable(child, x)) : null) };
}

function structOf(arrow: Arrow, properties: Readonly<Record<string, SchemaNode>>): Typed {
  const fields = Object.entries(properties).map(([k, n]) => [k, typedOf(arrow, n)] as const);
  return {
    type: new arrow.Struct(fields.map(([k, t]) => new arrow.Field(k, t.type, true))),
    convert: (v) => (typeof v === 'object' && v !== null ? Object.fromEntries(fields.map(([k, t]) => [k, nullable(t, (v as Record<string, unknown>)[k])])) : null),
  };
}
