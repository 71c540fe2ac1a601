import type { Stage } from '@winnow/sdk';
import { ErrorCode, WinnowError } from '../errors';
import type { RegisteredStage, StageRegistry } from '../registry/registry';

/** The artifact type every batch stage may read: the decoded frames themselves. */
export const FRAMES = 'frames';

export function outputOf(stage: Stage): string {
  return stage.output ?? stage.name;
}

/** A stage of a planned pipeline with the inputs its config reads. */
export interface PlannedStage {
  readonly registered: RegisteredStage;
  readonly inputs: readonly string[];
  /**
   * Which pass over a stream runs it (batch and stream stages; 0 for job stages). Pass 0 runs the batch stages
   * that read only frames and batch outputs, then the stream stages over them; a batch stage that reads a stream
   * stage's output, or that settles frames before decode (`settle`: it needs every input known), runs one pass
   * after the producers of its inputs.
   */
  readonly pass: number;
}

/** The inputs a stage reads in this pipeline (its `inputsFor(config)`); by default every declared input. */
export type InputsOf = (stage: RegisteredStage) => readonly string[];

/**
 * Resolves the stages to run into a DAG in dependency order. Requested stages pull in the producers of the
 * inputs they read; an input nobody produces, an ambiguous producer, an input a stage reads without declaring
 * it, or a cycle is a clear error at load.
 */
export function planPipeline(registry: StageRegistry, requested: readonly string[], inputsOf: InputsOf = (s) => s.stage.inputs): PlannedStage[] {
  const all = registry.stages();
  const roots = requested.length > 0 ? requested.map((n) => registry.stage(n)) : all.filter((s) => !s.stage.optIn);
  const producers = new Map<string, RegisteredStage[]>();
  for (const s of all) producers.set(outputOf(s.stage), [...(producers.get(outputOf(s.stage)) ?? []), s]);

  const ordered: PlannedStage[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const chosen = new Set(roots.map((r) => r.stage.name));
  const visit = (s: RegisteredStage, trail: readonly string[]): void => {
    const name = s.stage.name;
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new WinnowError(ErrorCode.PipelineCycle, `pipeline has a cycle: ${[...trail.slice(trail.indexOf(name)), name].join(' -> ')}`);
    }
    state.set(name, 'visiting');
    const inputs = inputsOf(s);
    for (const input of inputs) {
      if (!s.stage.inputs.includes(input)) {
        throw new WinnowError(ErrorCode.StageInvalid, `stage "${name}" (plugin ${s.plugin.name}) reads "${input}" with this config but does not declare it in its inputs`);
      }
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
    ordered.push({ registered: s, inputs, pass: passOf(s.stage, inputs, ordered) });
  };
  for (const r of roots) visit(r, []);
  return ordered;
}

/** A stage's pass from its producers' (already planned, since the plan is in dependency order). */
function passOf(stage: Stage, inputs: readonly string[], planned: readonly PlannedStage[]): number {
  let pass = 0;
  for (const input of inputs) {
    const producer = planned.find((p) => outputOf(p.registered.stage) === input);
    if (!producer) continue;
    const from = producer.registered.stage;
    if (from.partition === 'job' && stage.partition !== 'job') {
      throw new WinnowError(ErrorCode.StageInvalid, `stage "${stage.name}" (${stage.partition}) reads "${input}" from "${from.name}" (job): only job stages can read what a job stage decides across streams`);
    }
    if (stage.partition === 'job') continue;
    const later = stage.partition === 'batch' && (from.partition === 'stream' || typeof stage.settle === 'function');
    pass = Math.max(pass, producer.pass + (later ? 1 : 0));
  }
  return pass;
}
