import { pathToFileURL } from 'node:url';
import type { PluginContribution, StagesHookOptions } from '@winnow/sdk';
import { API_VERSION } from '@winnow/sdk';
import { dynamicImport } from '../dynamic-import';

/** CommonJS through require (cached, and what every test runner supports); ESM through a real import(). */
async function loadModule(file: string): Promise<unknown> {
  if (!file.endsWith('.mjs')) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return { default: require(file) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM' && (e as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ASYNC_MODULE') throw e;
    }
  }
  return dynamicImport(pathToFileURL(file).href);
}

type HookFn = (this: unknown, options: StagesHookOptions) => Promise<PluginContribution | undefined> | PluginContribution | undefined;

/**
 * Imports a plugin's `winnow:stages` hook module and calls it, outside oclif: in worker threads and in tests.
 * Works for CommonJS and ESM plugins.
 */
export async function loadContribution(hookModule: string): Promise<PluginContribution> {
  const mod = (await loadModule(hookModule)) as { default?: unknown };
  let hook: unknown = mod.default;
  // A CommonJS module compiled from `export default` arrives as { default: { default: fn } } through import().
  if (typeof hook === 'object' && hook !== null && 'default' in hook) hook = (hook as { default: unknown }).default;
  if (typeof hook !== 'function') throw new TypeError(`${hookModule} has no default export function (the winnow:stages hook)`);
  const result = await (hook as HookFn).call({}, { apiVersion: API_VERSION });
  if (!result || typeof result !== 'object') throw new TypeError(`${hookModule}: the winnow:stages hook returned ${String(result)}, not { apiVersion, stages }`);
  return result;
}
