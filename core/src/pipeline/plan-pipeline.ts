import type { Stage } from '@winnow/sdk';
import { ErrorCode, WinnowError } from '../errors';
import type { RegisteredStage, StageRegistry } from '../registry/registry';

/** The artifact type every batch stage may read: the decoded frames themselves. */
export const FRAMES = 'frames';

export function outputOf(stage: Stage): string {
  return stage.output ?? stage.name;
}

/**
 * Resolves the stages to run into a DAG in dependency order. Requested stages pull in the producers of their
 * inputs; an input nobody produces, an ambiguous producer, or a cycle is a clear error at load.
 */
export function planPipeline(registry: StageRegistry, requested: readonly string[]): RegisteredStage[] {
  const all = registry.stages();
  const roots = requested.length > 0 ? requested.map((n) => registry.stage(n)) : all.filter((s) => !s.stage.optIn);
  const producers = new Map<string, RegisteredStage[]>();
  for (const s of all) producers.set(outputOf(s.stage), [...(producers.get(outputOf(s.stage)) ?? []), s]);

  const ordered: RegisteredStage[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const chosen = new Set(roots.map((r) => r.stage.name));
  const visit = (s: RegisteredStage, trail: readonly string[]): void => {
    const name = s.stage.name;
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new WinnowError(ErrorCode.PipelineCycle, `pipeline has a cycle: ${[...trail.slice(trail.indexOf(name)), name].join(' -> ')}`);
    }
    state.set(name, 'visiting');
    for (const input of s.stage.inputs) {
      if (input === FRAMES) continue;
      const candidates = producers.get(input) ?? [];
      if (candidates.length === 0) {
        throw new WinnowError(ErrorCode.PipelineMissingInput, `stage "${name}" (plugin ${s.plugin.name}) needs input "${input}", which no installed stage produces`, {
          suggestions: ['install the plugin that produces it, or remove the stage from the pipeline'],
        });
      }
      const pick = candidates.filter((c) => chosen.has(c.stage.name));
      if (pick.length === 0 && candidates.length > 1) {
        throw new WinnowError(ErrorCode.PipelineMissingInput, `stage "${name}" needs input "${input}", which several stages produce (${candidates.map((c) => c.stage.name).join(', ')}): name one in "stages"`);
      }
      visit(pick[0] ?? candidates[0], [...trail, name]);
    }
    state.set(name, 'done');
    ordered.push(s);
  };
  for (const r of roots) visit(r, []);
  const rank = { batch: 0, stream: 1, job: 2 } as const;
  for (const s of ordered) {
    for (const input of s.stage.inputs) {
      const producer = ordered.find((p) => outputOf(p.stage) === input);
      if (producer && rank[producer.stage.partition] > rank[s.stage.partition]) {
        throw new WinnowError(ErrorCode.StageInvalid, `stage "${s.stage.name}" (${s.stage.partition}) reads "${input}" from "${producer.stage.name}" (${producer.stage.partition}): a stage can read batch, stream and job outputs only in that order`);
      }
    }
  }
  return ordered;
}
