/** Where a stage or exporter came from. */
export interface PluginInfo {
  readonly name: string;
  readonly version: string;
  /** oclif's plugin type: core (bundled), user (installed), link (linked), or builtin (inside core). */
  readonly kind: string;
  readonly root: string;
  /** Absolute path of the module whose default export is the plugin's `winnow:stages` hook; workers load it. */
  readonly hookModule: string;
}
