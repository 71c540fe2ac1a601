import type { TSchema } from '@sinclair/typebox';
import type * as TypeBoxRuntime from '@winnow/sdk/typebox';
import { ErrorCode, WinnowError } from '../errors';

/**
 * Fills a value's defaults from its TypeBox schema and validates it. Throws one error listing every problem,
 * each naming the field (with `where` as prefix), the value received and the rule it breaks.
 */
export function applySchema<T>(schema: TSchema, value: unknown, where: string): T {
  // Loaded on first use: listing commands (`--help`, `stages`) should not pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Value, ValueErrorType } = require('@winnow/sdk/typebox') as typeof TypeBoxRuntime;
  const filled = Value.Default(schema, Value.Clone(value ?? {}));
  if (Value.Check(schema, filled)) return filled as T;
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const e of Value.Errors(schema, filled)) {
    if (seen.has(e.path)) continue; // the first (most specific) complaint per field is enough
    seen.add(e.path);
    const name = [where, ...e.path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))].filter(Boolean).join('.');
    if (e.type === ValueErrorType.ObjectAdditionalProperties) problems.push(`${name}: unknown option`);
    else if (e.type === ValueErrorType.ObjectRequiredProperty) problems.push(`${name}: required`);
    else problems.push(`${name}: got ${JSON.stringify(e.value)}, ${e.message.charAt(0).toLowerCase()}${e.message.slice(1)}`);
  }
  throw new WinnowError(ErrorCode.ConfigInvalid, `invalid config:\n  ${problems.join('\n  ')}`, { details: { problems } });
}
