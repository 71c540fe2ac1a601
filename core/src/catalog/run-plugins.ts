import type { CatalogStage, StageCatalog } from './stage-catalog';

/**
 * The plugins a run needs, from the catalog: those of the requested stages (every stage that is not opt-in when
 * none is requested) and, transitively, of every stage that produces one of their inputs, so that a registry of
 * just these plugins plans the pipeline exactly as the full one would (an input that several stages produce is
 * still ambiguous); and those of `mentioned` stages, whose options the run was given. Null when a name is not in
 * the catalog: then the run loads every plugin and the planner says what is wrong.
 */
export function runPlugins(catalog: StageCatalog, requested: readonly string[], mentioned: readonly string[]): Set<string> | null {
  const byName = new Map(catalog.stages.map((s) => [s.name, s]));
  const producers = new Map<string, CatalogStage[]>();
  for (const s of catalog.stages) producers.set(s.output, [...(producers.get(s.output) ?? []), s]);
  const roots = requested.length > 0 ? requested : catalog.stages.filter((s) => !s.optIn).map((s) => s.name);
  const plugins = new Set<string>();
  const seen = new Set<string>();
  const visit = (stage: CatalogStage): void => {
    if (seen.has(stage.name)) return;
    seen.add(stage.name);
    plugins.add(stage.plugin);
    for (const input of stage.inputs) for (const producer of producers.get(input) ?? []) visit(producer);
  };
  for (const name of [...roots, ...mentioned]) {
    const stage = byName.get(name);
    if (!stage) return null;
    visit(stage);
  }
  return plugins;
}
