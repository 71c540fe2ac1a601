/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped, non-finite numbers refused.
 * Two equal values always serialise to the same bytes, which is what cache keys hash.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value, '$'));
}

function normalise(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${value}, which has no canonical form`);
    return Object.is(value, -0) ? 0 : value;
  }
  if (Array.isArray(value)) return value.map((v, i) => normalise(v, `${path}[${i}]`));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalise(v, `${path}.${key}`);
    }
    return out;
  }
  throw new TypeError(`canonicalJson: ${path} has type ${typeof value}, which has no canonical form`);
}
