import type { TSchema } from '@sinclair/typebox';
import { ErrorCode, WinnowError } from '../errors';

/** One leaf of a config schema, as a command-line option. */
export interface OptionDescriptor {
  /** Path in the config object, e.g. ['my-stage', 'thresholdRatio']. */
  readonly path: readonly string[];
  /** The flag without dashes, e.g. `my-stage.threshold-ratio`. */
  readonly flag: string;
  readonly type: 'number' | 'integer' | 'boolean' | 'string' | 'array';
  readonly choices?: readonly string[];
  readonly default?: unknown;
  readonly description?: string;
}

interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly anyOf?: readonly SchemaNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly description?: string;
}

export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Flattens an object schema into options: the one source of truth for both config files and flags. */
export function describeOptions(schema: TSchema, prefix: readonly string[] = []): OptionDescriptor[] {
  const node = schema as SchemaNode;
  const out: OptionDescriptor[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = [...prefix, key];
    if (child.type === 'object' && child.properties) {
      out.push(...describeOptions(child as TSchema, path));
      continue;
    }
    const choices = child.enum?.map(String) ?? (child.anyOf?.every((a) => a.const !== undefined) ? child.anyOf.map((a) => String(a.const)) : undefined);
    const type = choices ? 'string' : ((child.type ?? 'string') as OptionDescriptor['type']);
    out.push({ path, flag: path.map(kebab).join('.'), type, choices, default: child.default, description: child.description });
  }
  return out;
}

/**
 * Reads `--a.b value`, `--a.b=value`, `--flag` / `--no-flag` from argv against the known options and returns
 * the nested object they describe. Values are converted by the option's type; the schema validates them later.
 */
export function parseOptionArgs(argv: readonly string[], options: readonly OptionDescriptor[]): Record<string, unknown> {
  const byFlag = new Map(options.map((o) => [o.flag, o]));
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--')) throw new WinnowError(ErrorCode.ConfigInvalid, `unexpected argument ${JSON.stringify(token)}`);
    const eq = token.indexOf('=');
    let name = token.slice(2, eq < 0 ? undefined : eq);
    let raw: string | undefined = eq < 0 ? undefined : token.slice(eq + 1);
    let option = byFlag.get(name);
    if (!option && name.startsWith('no-') && byFlag.get(name.slice(3))?.type === 'boolean' && raw === undefined) {
      name = name.slice(3);
      option = byFlag.get(name);
      raw = 'false';
    }
    if (!option) {
      throw new WinnowError(ErrorCode.ConfigInvalid, `unknown option --${name}`, { suggestions: ['run `winnow run --help` to list the options of the composed stages'] });
    }
    if (raw === undefined) {
      const next = argv[i + 1];
      if (option.type === 'boolean' && (next === undefined || !/^(true|false)$/.test(next))) raw = 'true';
      else if (next === undefined) throw new WinnowError(ErrorCode.ConfigInvalid, `--${name} needs a value`);
      else raw = argv[++i];
    }
    const value = convert(option, raw);
    // A repeated list option adds to the list (`--stages a --stages b`); any other repeat replaces.
    const before = option.type === 'array' ? getPath(out, option.path) : undefined;
    setPath(out, option.path, Array.isArray(before) ? [...(before as unknown[]), ...(value as unknown[])] : value);
  }
  return out;
}

/**
 * Separates the tokens that name schema options (with their values) from the rest of argv, so that the
 * command's fixed flags can be parsed by oclif and the schema-derived ones by `parseOptionArgs`.
 */
export function splitOptionArgs(argv: readonly string[], options: readonly Pick<OptionDescriptor, 'flag' | 'type'>[]): { options: string[]; rest: string[] } {
  const byFlag = new Map(options.map((o) => [o.flag, o]));
  const out = { options: [] as string[], rest: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const name = token.startsWith('--') ? token.slice(2).split('=')[0] : '';
    const option = byFlag.get(name) ?? (name.startsWith('no-') && byFlag.get(name.slice(3))?.type === 'boolean' ? byFlag.get(name.slice(3)) : undefined);
    if (!option) {
      out.rest.push(token);
      continue;
    }
    out.options.push(token);
    const takesValue = !token.includes('=') && !name.startsWith('no-') && (option.type !== 'boolean' || /^(true|false)$/.test(argv[i + 1] ?? ''));
    if (takesValue && i + 1 < argv.length) out.options.push(argv[++i]);
  }
  return out;
}

function convert(option: OptionDescriptor, raw: string): unknown {
  switch (option.type) {
    case 'number':
    case 'integer': {
      const n = Number(raw);
      if (raw.trim() === '' || Number.isNaN(n)) throw new WinnowError(ErrorCode.ConfigInvalid, `--${option.flag}: got ${JSON.stringify(raw)}, expected a number`);
      return n;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw new WinnowError(ErrorCode.ConfigInvalid, `--${option.flag}: got ${JSON.stringify(raw)}, expected true or false`);
      return raw === 'true';
    case 'array':
      return raw.split(',').map((s) => s.trim()).filter(Boolean);
    default:
      return raw;
  }
}

export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function getPath(target: Record<string, unknown>, path: readonly string[]): unknown {
  let node: unknown = target;
  for (const key of path) node = isPlain(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  return node;
}

/**
 * Deep merge of plain objects; later sources win; arrays are replaced, not merged. Keys are defined, not
 * assigned, so that a `__proto__` key stays a key (which the config check refuses) instead of a prototype.
 */
export function mergeConfig(...sources: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const src of sources) {
    if (!isPlain(src)) continue;
    for (const [k, v] of Object.entries(src)) {
      const before = Object.hasOwn(out, k) ? out[k] : undefined;
      Object.defineProperty(out, k, { value: isPlain(v) && isPlain(before) ? mergeConfig(before, v) : v, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
