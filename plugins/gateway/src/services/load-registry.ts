import * as path from 'node:path';
import type { Interfaces } from '@oclif/core';
import { StageRegistry, builtinContribution, errorMessage, type PluginInfo } from '@winnow/core';
import { API_VERSION, type PluginContribution, type StagesHookOptions } from '@winnow/sdk';

declare module '@oclif/core' {
  interface Hooks {
    'winnow:stages': { options: StagesHookOptions; return: PluginContribution | undefined };
  }
}

const HOOK_TIMEOUT_MS = 10_000;

/**
 * The same discovery as `winnow run`: the `winnow:stages` hook of every plugin (core, installed, linked), so the
 * daemon computes the same stages with the same code hashes, hence the same cache keys.
 */
export async function loadRegistry(config: Interfaces.Config): Promise<StageRegistry> {
  const registry = new StageRegistry();
  const core = path.dirname(require.resolve('@winnow/core/package.json'));
  registry.add({ name: '@winnow/core', version: require('@winnow/core/package.json').version, kind: 'builtin', root: core, hookModule: '' }, builtinContribution);
  const result = await config.runHook('winnow:stages', { apiVersion: API_VERSION }, HOOK_TIMEOUT_MS, true);
  for (const { plugin, result: contribution } of result.successes) if (contribution) registry.add(infoOf(plugin), contribution);
  for (const { plugin, error } of result.failures) {
    registry.addProblem({ plugin: plugin.name, code: 'WINNOW_PLUGIN_LOAD', message: `plugin ${plugin.name}@${plugin.version} failed to load: ${errorMessage(error)}` });
  }
  return registry;
}

function infoOf(plugin: Interfaces.Plugin): PluginInfo {
  const hooks = (plugin.hooks['winnow:stages'] ?? []) as unknown as ({ target: string } | string)[];
  const target = typeof hooks[0] === 'string' ? hooks[0] : hooks[0]?.target;
  return { name: plugin.name, version: plugin.version, kind: plugin.type, root: plugin.root, hookModule: target ? require.resolve(path.resolve(plugin.root, target)) : '' };
}
