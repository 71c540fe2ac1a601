import type { Exporter } from './exporter';
import type { Stage } from './stage';

/** Options the host passes to every plugin's `winnow:stages` hook. */
export type StagesHookOptions = {
  /** The host's contract version (see `API_VERSION`). */
  readonly apiVersion: string;
};

/** What a plugin's `winnow:stages` hook returns. */
export interface PluginContribution {
  /** Semver range of contract versions the plugin was built for, e.g. `^1.0.0`. */
  readonly apiVersion: string;
  readonly stages?: readonly Stage[];
  readonly exporters?: readonly Exporter[];
}

/**
 * Builds a plugin's `winnow:stages` hook. The hook must be a pure function of its options: the host also
 * calls it inside worker threads to load the same stages there.
 */
export function defineContribution(contribution: PluginContribution): (options?: StagesHookOptions) => Promise<PluginContribution> {
  return async () => contribution;
}
