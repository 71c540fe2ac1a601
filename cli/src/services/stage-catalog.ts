import * as path from 'node:path';
import type { Interfaces } from '@oclif/core';
import { catalogFingerprint, readCachedCatalog, writeCachedCatalog, type StageCatalog } from '@winnow/core/catalog';
import { stagePlugins } from './stage-plugins';

/**
 * The stages and exporters of every plugin, from a cache in the CLI's cache folder while no plugin's code has
 * changed (checked by file sizes and times, see `catalogFingerprint`), so that listing them loads no plugin.
 * Otherwise (first use, install, link, update, rebuild) every plugin is loaded and the cache written again.
 */
export async function stageCatalog(config: Interfaces.Config): Promise<StageCatalog> {
  const plugins = stagePlugins(config).map((p) => ({ name: p.name, version: p.version, kind: p.type, root: p.root }));
  const file = path.join(config.cacheDir, 'stage-catalog.json');
  const fingerprint = await catalogFingerprint(plugins);
  const cached = await readCachedCatalog(file, fingerprint);
  if (cached) return cached;
  const [{ loadRegistry }, { describeRegistry }] = await Promise.all([import('./load-registry'), import('@winnow/core')]);
  const catalog = describeRegistry(await loadRegistry(config));
  // A cache folder that cannot be written costs the next listing its speed, never its result.
  await writeCachedCatalog(file, fingerprint, catalog).catch(() => undefined);
  return catalog;
}
