import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import { sha256Hex } from '../hashing/sha256';
import { packageCode, type PackageCode } from '../registry/code-files';

/** A plugin as the host found it (oclif's plugin list: bundled `core`, installed `user`, linked `link`). */
export interface CatalogPlugin {
  readonly name: string;
  readonly version: string;
  readonly kind: string;
  readonly root: string;
}

export interface CatalogOption {
  readonly flag: string;
  readonly type: string;
  readonly default: unknown;
  readonly description?: string;
}

export interface CatalogStage {
  readonly name: string;
  readonly version: string;
  readonly plugin: string;
  readonly pluginVersion: string;
  readonly kind: string;
  readonly partition: string;
  readonly inputs: readonly string[];
  readonly output: string;
  readonly optIn: boolean;
  readonly description: string;
  readonly options: readonly CatalogOption[];
}

export interface CatalogExporter {
  readonly name: string;
  readonly version: string;
  readonly plugin: string;
  readonly kind: string;
  readonly description: string;
}

/** What `winnow stages` lists: every stage and exporter of every plugin, and the plugins that were refused. */
export interface StageCatalog {
  readonly stages: readonly CatalogStage[];
  readonly exporters: readonly CatalogExporter[];
  readonly problems: readonly { readonly plugin: string; readonly code: string; readonly message: string }[];
}

const FORMAT = 'winnow.stage-catalog/1';
const CORE_ROOT = path.resolve(__dirname, '../..');

/**
 * Identity of everything a catalog is made from, without loading any plugin: the host (core's version and
 * code), and for each plugin its name, version, kind, root and the path, size and change times of every code
 * file, its own and its `@winnow/*` libraries'. A rebuilt, relinked, updated or uninstalled plugin changes it.
 */
export async function catalogFingerprint(plugins: readonly CatalogPlugin[]): Promise<string> {
  const host = JSON.parse(await fs.readFile(path.join(CORE_ROOT, 'package.json'), 'utf8')) as { version: string };
  const memo = new Map<string, string>();
  const parts = [`host @winnow/core@${host.version} ${filesState(CORE_ROOT, memo)}`];
  for (const p of [...plugins].sort((a, b) => a.name.localeCompare(b.name))) parts.push(`${p.name}@${p.version} ${p.kind} ${p.root} ${filesState(p.root, memo)}`);
  return sha256Hex(parts.join('\n'));
}

/** Synchronous on purpose: hundreds of tiny stats, each faster than a trip through the thread pool. */
function filesState(root: string, memo: Map<string, string>): string {
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
    const s = statSync(path.join(root, f), { throwIfNoEntry: false });
    return s ? `${f}:${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}` : `${f}:gone`;
  });
  for (const lib of code.libraries) stats.push(lib.root ? `${lib.name}{${filesState(lib.root, memo)}}` : `${lib.name}:unresolved`);
  const state = stats.join(',');
  memo.set(root, state);
  return state;
}

/** The catalog saved under this fingerprint, or null (none, another fingerprint, unreadable). */
export async function readCachedCatalog(file: string, fingerprint: string): Promise<StageCatalog | null> {
  try {
    const saved = JSON.parse(await fs.readFile(file, 'utf8')) as { format?: string; fingerprint?: string; catalog?: StageCatalog };
    return saved.format === FORMAT && saved.fingerprint === fingerprint && saved.catalog ? saved.catalog : null;
  } catch {
    return null;
  }
}

export function writeCachedCatalog(file: string, fingerprint: string, catalog: StageCatalog): Promise<void> {
  return writeFileAtomic(file, JSON.stringify({ format: FORMAT, fingerprint, catalog }));
}
