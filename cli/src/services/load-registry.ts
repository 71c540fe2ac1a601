import type { Interfaces } from '@oclif/core';
import { discoverRegistry, hooksOf, type StageRegistry } from '@winnow/core';
import type { PluginContribution, StagesHookOptions } from '@winnow/sdk';
import { stagePlugins } from './stage-plugins';

declare module '@oclif/core' {
  interface Hooks {
    'winnow:stages': { options: StagesHookOptions; return: PluginContribution | undefined };
  }
}

/**
 * The registry through oclif's hook, which runs in every plugin kind (core, installed, linked); or, given
 * `only`, from just those plugins' hooks (a run that needs a few of them).
 */
export function loadRegistry(config: Interfaces.Config, only?: ReadonlySet<string>): Promise<StageRegistry> {
  if (!only) return discoverRegistry((options) => config.runHook('winnow:stages', options, 10_000, true));
  return discoverRegistry(hooksOf(stagePlugins(config).filter((p) => only.has(p.name))));
}
