import { promises as fs } from 'node:fs';
import { corePath } from '../core-path';
import { writeFileAtomic } from '../fs/atomic-write';
import { sha256Hex } from '../hashing/sha256';
import { codeState } from '../registry/code-files';

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

/**
 * Identity of everything a catalog is made from, without loading any plugin: the host (core's version and
 * code), and for each plugin its name, version, kind, root and the path, size and change times of every code
 * file, its own and its `@winnow/*` libraries'. A rebuilt, relinked, updated or uninstalled plugin changes it.
 */
export async function catalogFingerprint(plugins: readonly CatalogPlugin[]): Promise<string> {
  const host = JSON.parse(await fs.readFile(corePath('package.json'), 'utf8')) as { version: string };
  const memo = new Map<string, string>();
  const pluginParts = plugins.map((p) => `${p.name}@${p.version} ${p.kind} ${p.root} ${codeState(p.root, memo)}`);
  // Code-unit order: `localeCompare` would start ICU's collator, ~10 ms of every command's start-up.
  return sha256Hex([`host @winnow/core@${host.version} ${codeState(corePath(), memo)}`, ...pluginParts.sort()].join('\n'));
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
