import { applySchema } from '@winnow/core';
import type { TSchema } from '@sinclair/typebox';

interface Node {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, Node>>;
  readonly anyOf?: readonly Node[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
}

/**
 * A config that differs from `base` in one top-level option and is still valid: a number moved within its
 * bounds, a boolean flipped, another enum choice. Null when the schema has no such option.
 */
export function changedConfigOf(schema: TSchema, base: Readonly<Record<string, unknown>>, where: string): { config: Record<string, unknown>; option: string } | null {
  const effective = applySchema<Record<string, unknown>>(schema, base, where);
  for (const [key, node] of Object.entries((schema as Node).properties ?? {})) {
    for (const candidate of candidates(node, effective[key])) {
      const config = { ...base, [key]: candidate };
      try {
        applySchema(schema, config, where);
        return { config, option: `${key}: ${JSON.stringify(effective[key])} -> ${JSON.stringify(candidate)}` };
      } catch {
        // not valid under the schema's rules: try the next candidate
      }
    }
  }
  return null;
}

function candidates(node: Node, current: unknown): unknown[] {
  const choices = node.enum ?? (node.anyOf?.every((a) => a.const !== undefined) ? node.anyOf.map((a) => a.const) : undefined);
  if (choices) return choices.filter((c) => c !== current);
  if (node.type === 'boolean') return [!current];
  if (node.type === 'integer' || node.type === 'number') {
    const c = typeof current === 'number' ? current : 0;
    const lo = node.minimum ?? node.exclusiveMinimum ?? c - 10;
    const hi = node.maximum ?? node.exclusiveMaximum ?? c + 10;
    const mid = node.type === 'integer' ? Math.round((c + hi) / 2) : (c + hi) / 2;
    const low = node.type === 'integer' ? Math.round((c + lo) / 2) : (c + lo) / 2;
    return [c + 1, c - 1, mid, low, c * 2 + 1].filter((v) => v !== c);
  }
  if (node.type === 'string') return [`${String(current ?? '')}x`];
  return [];
}
