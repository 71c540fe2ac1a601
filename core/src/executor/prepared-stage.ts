import * as path from 'node:path';
import type { Stage, ViewSpec } from '@winnow/sdk';
import { applySchema } from '../config/apply-schema';
import { ErrorCode, WinnowError, errorMessage } from '../errors';
import { planDecode } from '../decode/decode-plan';
import { decoderSignature } from '../decode/decoder-signature';
import { canonicalJson } from '../hashing/canonical-json';
import { sha256Hex } from '../hashing/sha256';
import { FRAMES, outputOf, type PlannedStage } from '../pipeline/plan-pipeline';
import { codeHashOf } from '../registry/code-hash';
import type { RegisteredStage } from '../registry/registry';
import { WorkspaceLayout } from '../workspace/layout';

/** A stage ready to run: config validated, code hashed, environment declared. */
export interface PreparedStage {
  readonly registered: RegisteredStage;
  readonly stage: Stage;
  readonly name: string;
  readonly output: string;
  /** What it reads in this pipeline: its inputs plus the optional ones the pipeline produces. */
  readonly inputs: readonly string[];
  readonly config: unknown;
  readonly codeHash: string;
  /** Environment that changes results: the decoder for stages that read pixels. */
  readonly env: Readonly<Record<string, string>>;
  /** The stage's view names mapped to canonical view keys. */
  readonly viewKeys: Readonly<Record<string, string>>;
  readonly readsFrames: boolean;
  /** Longer side every frame of this stage's pass is decoded at (null: full size); also in `env` for the key. */
  readonly decodeMaxSide: number | null;
  /** The pass over each stream that runs it (see `PlannedStage.pass`). */
  readonly pass: number;
  /** A batch stage that declares `resources.gpu`: it runs in the GPU workers when the run has some. */
  readonly gpu: boolean;
  /** A GPU stage in a run with GPU workers: it runs there, taking chunks through `measureBatch` (also in `env`). */
  readonly batched: boolean;
}

export function viewKey(spec: ViewSpec): string {
  return canonicalJson(spec);
}

/**
 * `configOf` gives each stage's config with its schema's defaults applied (validated once, see `stageConfigs`).
 * With `gpuWorkers`, GPU stages that can batch do so, and a model may give a frame slightly different numbers in
 * a batch than alone: their keys say so.
 */
export async function prepareStages(ordered: readonly PlannedStage[], configOf: (stage: Stage) => unknown, workspace: string, gpuWorkers: number): Promise<PreparedStage[]> {
  const { runtime } = new WorkspaceLayout(workspace);
  const decoder = ordered.some((p) => p.inputs.includes(FRAMES)) ? await decoderSignature(runtime) : {};
  const baseOf = new Map([...new Set(ordered.map((p) => p.pass))].map((pass) => [pass, decodeBaseOf(ordered.filter((p) => p.pass === pass))]));
  return Promise.all(
    ordered.map(async ({ registered, inputs, pass }) => {
      const base = baseOf.get(pass) as number | null;
      const { stage } = registered;
      const readsFrames = inputs.includes(FRAMES);
      const viewKeys = stage.partition === 'batch' ? Object.fromEntries(Object.entries(stage.views).map(([n, v]) => [n, viewKey(v)])) : {};
      const stageConfig = configOf(stage) as never;
      const gpu = stage.partition === 'batch' && stage.resources?.gpu === true;
      const batched = gpuWorkers > 0 && gpu && typeof stage.measureBatch === 'function';
      const fingerprint = stage.fingerprint ? await fingerprintOf(stage.name, () => stage.fingerprint!(stageConfig, { workspace })) : {};
      return {
        registered,
        stage,
        name: stage.name,
        output: outputOf(stage),
        inputs,
        config: stageConfig,
        codeHash: await codeHashOf(registered.plugin.root, path.join(runtime, 'code-hash')),
        env: { ...(readsFrames ? { ...decoder, decodeMaxSide: base === null ? 'full' : String(base) } : {}), ...(batched ? { measure: 'batches' } : {}), ...prefixed(fingerprint) },
        viewKeys,
        readsFrames,
        decodeMaxSide: base,
        pass,
        gpu,
        batched,
      };
    }),
  );
}

/**
 * The size every frame of a pass is decoded at: the union of the views of its frame-reading batch stages.
 * Smaller views are area-averaged from it, so a view's pixels depend on it: it is part of those stages' keys.
 */
function decodeBaseOf(ordered: readonly PlannedStage[]): number | null {
  const views: Record<string, ViewSpec> = {};
  for (const { registered: { stage }, inputs } of ordered) if (stage.partition === 'batch' && inputs.includes(FRAMES)) for (const v of Object.values(stage.views)) views[viewKey(v)] = v;
  return planDecode(views).maxSide;
}

/** A stage that cannot set up (a model not found) fails the run at load, with the stage's own code kept. */
async function fingerprintOf(stage: string, fn: () => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>): Promise<Readonly<Record<string, string>>> {
  try {
    return await fn();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new WinnowError(ErrorCode.StageSetup, `stage ${stage} cannot start: ${typeof code === 'string' ? `${code}: ` : ''}${errorMessage(e)}`, {
      cause: e,
      details: { stage, stageCode: code },
    });
  }
}

function prefixed(fingerprint: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(fingerprint).map(([k, v]) => [`stage:${k}`, String(v)]));
}

/** Each stage's config from the run's raw config, defaults applied and validated on first use, then remembered. */
export function stageConfigs(config: Readonly<Record<string, unknown>>): (stage: Stage) => unknown {
  const applied = new Map<string, unknown>();
  return (stage) => {
    if (!applied.has(stage.name)) applied.set(stage.name, applySchema(stage.config, config[stage.name], stage.name));
    return applied.get(stage.name);
  };
}

export function configHash(stage: PreparedStage): string {
  return sha256Hex(canonicalJson(stage.config ?? {}));
}
