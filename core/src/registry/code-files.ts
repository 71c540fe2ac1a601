import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Runtime code: JavaScript and WebAssembly (a stage's SIMD kernel changes its results as much as its JS). */
const CODE_FILE = /\.(?:(?:c|m)?js|wasm)$/;

/** What a package runs: its code files and the `@winnow/*` libraries whose code changes its results too. */
export interface PackageCode {
  /** Every runtime code file it ships, relative to its root with `/`, sorted. */
  readonly files: readonly string[];
  /** Its `@winnow/*` dependencies (`sdk` and `core` are the host's), sorted, with the folder each resolves to (null: not installed). */
  readonly libraries: readonly { readonly name: string; readonly root: string | null }[];
}

/**
 * The code of the package at `root`, from one read of its package.json. Files are those under the entries of its
 * `files` when that lists plain paths (what `npm pack` ships, so what an installed copy runs), else under the
 * whole root; node_modules, dot folders and tests excluded. Synchronous: a few small folders, listed faster
 * than a trip through the thread pool per folder.
 */
export function packageCode(root: string): PackageCode {
  const pkg = readPackage(root);
  const shipped = shippedEntries(pkg);
  const files = new Set<string>();
  if (!shipped) for (const f of walk(root, '')) files.add(f);
  for (const entry of shipped ?? []) {
    const full = path.join(root, entry);
    const st = statSync(full, { throwIfNoEntry: false });
    const rel = path.relative(root, full).split(path.sep).join('/');
    if (st?.isDirectory()) for (const f of walk(full, rel)) files.add(f);
    else if (st && isCode(path.basename(full))) files.add(rel);
  }
  const libraries = Object.keys(pkg?.dependencies ?? {})
    .filter((d) => d.startsWith('@winnow/') && d !== '@winnow/sdk' && d !== '@winnow/core')
    .sort()
    .map((name) => ({ name, root: packageRoot(root, name) }));
  return { files: [...files].sort(), libraries };
}

/**
 * The state of a package's code from stats alone: the path, size, change times and inode of every code file (see
 * `packageCode`), its own and, nested, its `@winnow/*` libraries'. Any rebuild, relink or reinstall changes it.
 * `memo` shares the states of packages met twice in one call tree (and marks a dependency cycle).
 * Synchronous on purpose: hundreds of tiny stats, each faster than a trip through the thread pool.
 */
export function codeState(root: string, memo: Map<string, string> = new Map()): string {
  const known = memo.get(root);
  if (known !== undefined) return known;
  memo.set(root, 'cycle');
  let code: PackageCode;
  try {
    code = packageCode(root);
  } catch {
    memo.set(root, 'unreadable');
    return 'unreadable';
  }
  const stats = code.files.map((f) => {
    const s = statSync(`${root}/${f}`, { throwIfNoEntry: false });
    return s ? `${f}:${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}` : `${f}:gone`;
  });
  for (const lib of code.libraries) stats.push(lib.root ? `${lib.name}{${codeState(lib.root, memo)}}` : `${lib.name}:unresolved`);
  const state = stats.join(',');
  memo.set(root, state);
  return state;
}

interface PackageJson {
  readonly files?: unknown;
  readonly dependencies?: Record<string, string>;
}

function readPackage(root: string): PackageJson | null {
  try {
    return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return null;
  }
}

/** The package's `files` entries when every one is a plain path (no glob, no negation); null otherwise. */
function shippedEntries(pkg: PackageJson | null): string[] | null {
  const files = pkg?.files;
  if (!Array.isArray(files) || files.length === 0) return null;
  return files.every((f) => typeof f === 'string' && !/[*?![\]{}]/.test(f)) ? (files as string[]) : null;
}

const isCode = (name: string) => CODE_FILE.test(name) && !name.includes('.test.');
/** The code files under `dir`, named relative to the package root with `/` (`rel`: `dir`'s own such name). */
function walk(dir: string, rel: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const name = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(`${dir}${path.sep}${e.name}`, name));
    else if (isCode(e.name)) out.push(name);
  }
  return out;
}

/**
 * The folder of package `name` as Node would find it from `root`: `node_modules/<name>` in `root` or the nearest
 * folder above that has one. A plain lookup (no `exports` map, no main file): ~30x cheaper than `require.resolve`.
 */
export function packageRoot(root: string, name: string): string | null {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (statSync(path.join(candidate, 'package.json'), { throwIfNoEntry: false })) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}
