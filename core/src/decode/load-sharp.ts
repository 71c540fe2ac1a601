import type sharpType from 'sharp';

let loaded: typeof sharpType | null = null;

/**
 * sharp (libvips) on first use. Loading it costs ~150 ms of CPU, which commands that never decode (`--help`,
 * `stages`, `export`) should not pay.
 */
export function loadSharp(): typeof sharpType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('sharp') as typeof sharpType;
  return loaded;
}
