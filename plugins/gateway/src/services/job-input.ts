import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, WinnowError, errorMessage } from '@winnow/core';
import { GatewayError, GatewayErrorCode } from './gateway-error';

/**
 * Inputs as absolute real paths: the daemon runs elsewhere, and stream ids derive from the real path, so the
 * same folder gets the same id (and cache keys) as with `winnow run`.
 */
export async function resolveInputs(inputs: readonly string[]): Promise<string[]> {
  return Promise.all(
    inputs.map(async (i) => {
      try {
        const real = await fs.realpath(i);
        if (!(await fs.stat(real)).isDirectory()) throw new Error('not a folder');
        return real;
      } catch (e) {
        throw new GatewayError(GatewayErrorCode.InputInvalid, `input ${i} is not a readable folder: ${errorMessage(e)}`);
      }
    }),
  );
}

/**
 * The config is resolved now and stored in the job as plain JSON: the job must not change if the file does. A
 * module config is evaluated once here (the daemon never runs user modules from the queue).
 */
export async function readJobConfig(file: string): Promise<Record<string, unknown>> {
  const full = path.resolve(file);
  try {
    let value: unknown;
    if (full.endsWith('.json')) value = JSON.parse(await fs.readFile(full, 'utf8'));
    else {
      const mod = require(full) as { default?: unknown };
      value = mod && typeof mod === 'object' && 'default' in mod ? mod.default : mod;
      if (typeof value === 'function') value = await (value as () => unknown)();
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('it is not an object');
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  } catch (e) {
    throw new WinnowError(ErrorCode.ConfigLoad, `cannot load config ${file}: ${errorMessage(e)}`);
  }
}
