import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { requireCached } from './code-cache';
import { provideLazily } from './require-cache';

/**
 * What scripts/bundle-oclif.js writes: the version it bundled, the installed package's folder it resolved, and, per
 * file @oclif/core exports, its exports.
 */
interface OclifBundle {
  version: string;
  root: string;
  files: Record<string, unknown>;
}

/**
 * Puts the one-file build of @oclif/core (dist/oclif-core.js) in Node's require cache under the installed package's
 * own file names, so that `require('@oclif/core')` and its subpaths, from the CLI or any plugin, return the bundled
 * modules: one copy of oclif in the process, loaded ~35 ms faster. Each module still runs only when first required.
 * `variant` names the code cache to use (see requireCached). Does nothing, and oclif loads from its files, when the
 * bundle is missing or was built for another oclif version.
 */
export function useOclifBundle(bundleFile: string, variant: string): boolean {
  let root: string;
  let bundle: OclifBundle;
  try {
    bundle = requireCached(bundleFile, variant) as OclifBundle;
    root = realpathSync(bundle.root);
    if (bundle.version !== JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version) return false;
  } catch {
    return false;
  }
  for (const rel of Object.keys(bundle.files)) provideLazily(path.join(root, rel), () => bundle.files[rel]);
  return true;
}
