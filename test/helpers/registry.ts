import * as path from 'node:path';
import { StageRegistry, builtinContribution, loadContribution } from '@winnow/core';
import { ROOT } from './cli';

/** A registry with the given bundled plugins (by folder under plugins/), loaded from their built hooks, as the CLI would. */
export async function bundledRegistry(plugins: readonly string[]): Promise<StageRegistry> {
  const registry = new StageRegistry();
  registry.add({ name: '@winnow/core', version: '0.0.0', kind: 'builtin', root: path.join(ROOT, 'core'), hookModule: '' }, builtinContribution());
  for (const p of plugins) {
    const root = path.join(ROOT, 'plugins', p);
    const hookModule = path.join(root, 'dist/hooks/stages.js');
    registry.add({ name: `@winnow/${p}`, version: '0.0.0', kind: 'core', root, hookModule }, await loadContribution(hookModule));
  }
  return registry;
}
