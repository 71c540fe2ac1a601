/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped, non-finite numbers refused.
 * Two equal values always serialise to the same bytes, which is what cache keys hash.
 */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(normalise(value));
  } catch (e) {
    if (e instanceof NoCanonicalForm) throw new TypeError(`canonicalJson: ${pathOf(value, e.bad, '$') ?? '$'} ${e.what}, which has no canonical form`);
    throw e;
  }
}

/**
 * `canonicalJson` of an object whose members come already serialised (each the `canonicalJson` of its value;
 * undefined ones left out): the same bytes, without serialising a large member (a batch's frame digests) again.
 */
export function canonicalMembers(members: Readonly<Record<string, string | undefined>>): string {
  const keys = Object.keys(members).filter((k) => members[k] !== undefined);
  return `{${keys
    .sort()
    .map((k) => `${JSON.stringify(k)}:${members[k]}`)
    .join(',')}}`;
}

class NoCanonicalForm extends Error {
  constructor(
    readonly bad: unknown,
    readonly what: string,
  ) {
    super(what);
  }
}

/** Hot path of cache keys (thousands of frame digests per batch): no path bookkeeping; see `pathOf` for errors. */
function normalise(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NoCanonicalForm(value, `is ${value}`);
    return Object.is(value, -0) ? 0 : value;
  }
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  throw new NoCanonicalForm(value, `has type ${typeof value}`);
}

/** Where `bad` sits in `value` (`$.a[2].b`), for the error message. */
function pathOf(value: unknown, bad: unknown, path: string): string | null {
  if (Object.is(value, bad)) return path;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = pathOf(v, bad, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      const found = v === undefined ? null : pathOf(v, bad, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}
