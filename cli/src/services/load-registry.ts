import type { Interfaces } from '@oclif/core';
import { discoverRegistry, type StageRegistry } from '@winnow/core';
import type { PluginContribution, StagesHookOptions } from '@winnow/sdk';

declare module '@oclif/core' {
  interface Hooks {
    'winnow:stages': { options: StagesHookOptions; return: PluginContribution | undefined };
  }
}

/** The registry through oclif's hook, which runs in every plugin kind (core, installed, linked). */
export function loadRegistry(config: Interfaces.Config): Promise<StageRegistry> {
  return discoverRegistry((options) => config.runHook('winnow:stages', options, 10_000, true));
}
