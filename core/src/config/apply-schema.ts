import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { ErrorCode, WinnowError } from '../errors';

/**
 * Fills a value's defaults from its TypeBox schema and validates it. Throws one error listing every problem,
 * each naming the field (with `where` as prefix), the value received and the rule it breaks.
 */
export function applySchema<T>(schema: TSchema, value: unknown, where: string): T {
  const filled = Value.Default(schema, Value.Clone(value ?? {}));
  if (Value.Check(schema, filled)) return filled as T;
  const problems = [...Value.Errors(schema, filled)].filter((e) => e.keyword !== 'boolean').map((e) => describe(e, filled, where));
  throw new WinnowError(ErrorCode.ConfigInvalid, `invalid config:\n  ${problems.join('\n  ')}`, { details: { problems } });
}

interface SchemaError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly message: string;
  readonly params: Readonly<Record<string, unknown>>;
}

function describe(e: SchemaError, root: unknown, where: string): string {
  const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params.additionalProperties as string[] | undefined) ?? [];
    return extra.map((k) => `${field(where, [...parts, k])}: unknown option`).join('; ');
  }
  if (e.keyword === 'required') {
    const missing = (e.params.requiredProperties as string[] | undefined) ?? [];
    return missing.map((k) => `${field(where, [...parts, k])}: required`).join('; ');
  }
  const got = parts.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], root);
  return `${field(where, parts)}: got ${JSON.stringify(got)}, ${e.message}`;
}

function field(where: string, parts: readonly string[]): string {
  return [where, ...parts].filter(Boolean).join('.');
}
