import type { Interfaces } from '@oclif/core';

/** The plugins, of every kind, that answer the `winnow:stages` hook (without loading any of them, or core). */
export function stagePlugins(config: Interfaces.Config): Interfaces.Plugin[] {
  return config.getPluginsList().filter((p) => (p.hooks['winnow:stages'] ?? []).length > 0);
}
