import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError, errorMessage } from '../errors';
import { checkConfigKeys } from './config-keys';

/**
 * Reads a pipeline config, the one reader `winnow run`, `submit` and the gateway share: `.json`, or a
 * `.js`/`.cjs`/`.mjs`/`.ts` module whose default export is the object (or a function returning it). The result
 * is plain JSON data (a job stores it; the daemon never runs user modules), with `__proto__`, `constructor` and
 * `prototype` refused at any level; its keys are checked against the stages' schemas later (`resolveRunConfig`).
 */
export async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  const full = path.resolve(file);
  let value: unknown;
  try {
    if (full.endsWith('.json')) value = JSON.parse(await fs.readFile(full, 'utf8'));
    else {
      // Loaded on first use: only module configs need a TypeScript-aware loader.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createJiti } = require('jiti') as typeof import('jiti');
      const mod = (await createJiti(__filename).import(full, { default: true })) as unknown;
      value = typeof mod === 'function' ? await (mod as () => unknown)() : mod;
    }
  } catch (e) {
    throw new WinnowError(ErrorCode.ConfigLoad, `cannot load config ${file}: ${errorMessage(e)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WinnowError(ErrorCode.ConfigLoad, `cannot load config ${file}: it is not an object`);
  checkConfigKeys(value, {} as never);
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
