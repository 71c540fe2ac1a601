import type { Interfaces } from '@oclif/core';
import { parseOptionArgs, runOnlyOptions, splitOptionArgs, type StageRegistry } from '@winnow/core';
import { runPlugins, type StageCatalog } from '@winnow/core/catalog';
import { loadRegistry } from './load-registry';

/**
 * The registry `winnow run` needs: the plugins of the stages it runs and of the stages whose options it was
 * given (`optionArgs`: its `--<run option>` and `--<stage>.<option>` arguments; `fileConfig`: its config file),
 * as the stage catalog says, so that a run of two stages does not load every installed plugin. Every plugin
 * when the catalog does not know a name (the planner then says what is wrong).
 */
export function runRegistry(config: Interfaces.Config, catalog: StageCatalog, optionArgs: readonly string[], fileConfig: Readonly<Record<string, unknown>>): Promise<StageRegistry> {
  const runOptions = runOnlyOptions();
  const { options: runArgs, rest: stageArgs } = splitOptionArgs(optionArgs, runOptions);
  const fromArgs = parseOptionArgs(runArgs, runOptions).stages as string[] | undefined;
  const requested = fromArgs ?? (Array.isArray(fileConfig.stages) ? (fileConfig.stages as string[]) : []);
  const stageNames = new Set(catalog.stages.map((s) => s.name));
  const mentioned = [...stageArgs.filter((a) => a.startsWith('--')).map((a) => a.slice(2).replace(/^no-/, '').split(/[.=]/)[0]), ...Object.keys(fileConfig)].filter((name) => stageNames.has(name));
  return loadRegistry(config, runPlugins(catalog, requested, mentioned) ?? undefined);
}
