import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Runtime code: JavaScript and WebAssembly (a stage's SIMD kernel changes its results as much as its JS). */
const CODE_FILE = /\.(?:(?:c|m)?js|wasm)$/;

/**
 * Every runtime code file a plugin ships, relative to its root, with `/`: under the entries of its package.json
 * `files` when that lists plain paths (what `npm pack` ships, so what an installed copy runs), else under the
 * whole root; node_modules, dot folders and tests excluded. Synchronous: a few small folders, listed faster
 * than a trip through the thread pool per folder.
 */
export function codeFiles(root: string): string[] {
  const shipped = shippedEntries(root);
  if (!shipped) return walk(root, root);
  const out = new Set<string>();
  for (const entry of shipped) {
    const full = path.join(root, entry);
    const st = statSync(full, { throwIfNoEntry: false });
    if (st?.isDirectory()) for (const f of walk(root, full)) out.add(f);
    else if (st && isCode(path.basename(full))) out.add(path.relative(root, full).split(path.sep).join('/'));
  }
  return [...out];
}

/** The package's `files` entries when every one is a plain path (no glob, no negation); null otherwise. */
function shippedEntries(root: string): string[] | null {
  try {
    const files = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { files?: unknown }).files;
    if (!Array.isArray(files) || files.length === 0) return null;
    return files.every((f) => typeof f === 'string' && !/[*?![\]{}]/.test(f)) ? (files as string[]) : null;
  } catch {
    return null;
  }
}

const isCode = (name: string) => CODE_FILE.test(name) && !name.includes('.test.');

function walk(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(root, full));
    else if (isCode(e.name)) out.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return out;
}

/** The `@winnow/*` libraries a plugin depends on whose code changes its results (`sdk` and `core` are the host's). */
export function winnowLibraries(root: string): string[] {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    return Object.keys(pkg.dependencies ?? {})
      .filter((d) => d.startsWith('@winnow/') && d !== '@winnow/sdk' && d !== '@winnow/core')
      .sort();
  } catch {
    return [];
  }
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
