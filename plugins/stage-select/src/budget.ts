import type { SelectConfig } from './config';

/** How many frames a stream of `frames` catalogued frames may keep: `round(share x frames)` and `maxFrames`, the smaller; Infinity without either. */
export function budgetOf(cfg: Pick<SelectConfig, 'budget' | 'maxFrames'>, frames: number): number {
  let k = Number.POSITIVE_INFINITY;
  if (cfg.budget) k = Math.round((Number(cfg.budget.slice(0, -1)) / 100) * frames);
  if (cfg.maxFrames > 0) k = Math.min(k, cfg.maxFrames);
  return k;
}
