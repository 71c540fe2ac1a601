import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError, errorMessage } from '@winnow/core';

/** Reads a pipeline config: `.json`, or a `.js`/`.cjs`/`.mjs`/`.ts` module whose default export is the object (or a function returning it). */
export async function loadConfigFile(file: string): Promise<Record<string, unknown>> {
  const full = path.resolve(file);
  try {
    if (full.endsWith('.json')) return JSON.parse(await fs.readFile(full, 'utf8')) as Record<string, unknown>;
    const { createJiti } = await import('jiti');
    const mod = (await createJiti(__filename).import(full, { default: true })) as unknown;
    const value = typeof mod === 'function' ? await (mod as () => unknown)() : mod;
    if (typeof value !== 'object' || value === null) throw new Error('its default export is not an object');
    return value as Record<string, unknown>;
  } catch (e) {
    throw new WinnowError(ErrorCode.ConfigLoad, `cannot load config ${file}: ${errorMessage(e)}`);
  }
}
