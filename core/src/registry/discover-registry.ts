import * as path from 'node:path';
import { API_VERSION, type PluginContribution, type StagesHookOptions } from '@winnow/sdk';
import { corePath } from '../core-path';
import { errorMessage } from '../errors';
import { builtinContribution } from '../export/builtin-exporters';
import { loadContribution } from './load-contribution';
import type { PluginInfo } from './plugin-info';
import { StageRegistry } from './registry';

/** The parts of an oclif plugin discovery needs (structural, so core does not depend on oclif). */
export interface HookPlugin {
  readonly name: string;
  readonly version: string;
  readonly type: string;
  readonly root: string;
  readonly hooks: Readonly<Record<string, unknown>>;
}

export interface HookRunResult {
  readonly successes: readonly { readonly plugin: HookPlugin; readonly result: PluginContribution | undefined }[];
  readonly failures: readonly { readonly plugin: HookPlugin; readonly error: unknown }[];
}

/** Runs the `winnow:stages` hook in every plugin with errors captured (oclif: `config.runHook(..., true)`). */
export type RunStagesHook = (options: StagesHookOptions) => Promise<HookRunResult>;

/**
 * Every stage and exporter from every plugin kind (core, installed, linked), plus core's built-in exporters.
 * A plugin whose hook throws, or that is incompatible, is recorded as a problem; the others keep working.
 * `winnow run`, the gateway and every command use this one discovery, so they compute the same cache keys.
 */
export async function discoverRegistry(runHook: RunStagesHook): Promise<StageRegistry> {
  const registry = new StageRegistry();
  const core = corePath();
  registry.add({ name: '@winnow/core', version: require('@winnow/core/package.json').version, kind: 'builtin', root: core, hookModule: '' }, builtinContribution());
  const result = await runHook({ apiVersion: API_VERSION });
  // oclif lists a hook's results as its plugins answer: in plugin-name order, the registry (so help, the default
  // pipeline, a clash's verdict) is the same on every run.
  for (const { plugin, result: contribution } of byPluginName(result.successes)) if (contribution) registry.add(infoOf(plugin), contribution);
  for (const { plugin, error } of byPluginName(result.failures)) {
    registry.addProblem({ plugin: plugin.name, code: 'WINNOW_PLUGIN_LOAD', message: `plugin ${plugin.name}@${plugin.version} failed to load: ${errorMessage(error)}` });
  }
  return registry;
}

/**
 * Runs the `winnow:stages` hook of just these plugins, outside oclif (as worker threads load a stage): for a run
 * that needs a few of the installed plugins, so that it does not load every other plugin's stages.
 */
export function hooksOf(plugins: readonly HookPlugin[]): RunStagesHook {
  return async () => {
    const settled = await Promise.allSettled(plugins.map(async (plugin) => ({ plugin, result: await loadContribution(hookModuleOf(plugin)) })));
    return {
      successes: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
      failures: settled.flatMap((s, i) => (s.status === 'rejected' ? [{ plugin: plugins[i], error: s.reason as unknown }] : [])),
    };
  };
}

function byPluginName<T extends { readonly plugin: HookPlugin }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.plugin.name < b.plugin.name ? -1 : a.plugin.name > b.plugin.name ? 1 : 0));
}

function infoOf(plugin: HookPlugin): PluginInfo {
  return { name: plugin.name, version: plugin.version, kind: plugin.type, root: plugin.root, hookModule: hookModuleOf(plugin) };
}

/** The file of a plugin's `winnow:stages` hook ('' when it has none). */
function hookModuleOf(plugin: HookPlugin): string {
  const hooks = (plugin.hooks['winnow:stages'] ?? []) as ({ target: string } | string)[];
  const target = typeof hooks[0] === 'string' ? hooks[0] : hooks[0]?.target;
  return target ? require.resolve(path.resolve(plugin.root, target)) : '';
}
