import type { TSchema } from '@sinclair/typebox';
import { ErrorCode, WinnowError } from '../errors';
import { didYouMean } from './did-you-mean';

/** Keys that would reach an object's prototype when merged: refused wherever they appear in a config. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: unknown;
}

/**
 * Checks a raw config's keys against its schema at every level: a key the schema does not name is refused with
 * the nearest valid one ("did you mean"), and `__proto__`, `constructor` and `prototype` are refused anywhere
 * (also as an object literal's prototype in a .js/.ts config). Objects whose schema is closed
 * (`additionalProperties: false`) have their keys checked; open ones are only searched for the forbidden keys.
 */
export function checkConfigKeys(config: unknown, schema: TSchema): void {
  const problems: string[] = [];
  walk(config, schema as SchemaNode, [], problems);
  if (problems.length > 0) throw new WinnowError(ErrorCode.ConfigInvalid, `invalid config:\n  ${problems.join('\n  ')}`, { details: { problems } });
}

function walk(value: unknown, node: SchemaNode | undefined, at: readonly string[], problems: string[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, undefined, [...at, String(i)], problems));
    return;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) problems.push(`${name([...at, '__proto__'])}: not allowed (a config is plain data)`);
  const known = node?.type === 'object' && node.properties && node.additionalProperties === false ? node.properties : undefined;
  for (const key of Object.keys(value)) {
    const here = [...at, key];
    if (FORBIDDEN.has(key)) {
      problems.push(`${name(here)}: not allowed (a config is plain data)`);
      continue;
    }
    if (known && !Object.hasOwn(known, key)) {
      const near = didYouMean(key, Object.keys(known));
      problems.push(`${name(here)}: unknown option${near ? `; did you mean ${name([...at, near])}?` : ''}`);
      continue;
    }
    walk((value as Record<string, unknown>)[key], known?.[key], here, problems);
  }
}

function name(path: readonly string[]): string {
  return path.join('.');
}
