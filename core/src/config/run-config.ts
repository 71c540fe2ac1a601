import type { TSchema } from '@sinclair/typebox';
import type { Stage } from '@winnow/sdk';
import { stageConfigs } from '../executor/prepared-stage';
import { planPipeline, type PlannedStage } from '../pipeline/plan-pipeline';
import { resolveStreamDirs } from '../ingest/stream-folder';
import type { StageRegistry } from '../registry/registry';
import { applySchema } from './apply-schema';
import { checkConfigKeys } from './config-keys';
import { checkWorkerCounts, runOptionsSchema, type RunOptions } from './run-options';
import { describeOptions, mergeConfig, parseOptionArgs, type OptionDescriptor } from './schema-options';

/** A run's config checked whole: its options with defaults, the planned stages, and each stage's config. */
export interface ResolvedRunConfig {
  readonly options: RunOptions;
  readonly ordered: readonly PlannedStage[];
  readonly configOf: (stage: Stage) => unknown;
}

/**
 * Validates a raw run config (file merged with flags, or a queued job's) against the registry: every key at every
 * level is a run option, a stage's section or one of its options (else refused with the nearest valid name), run
 * options and every given stage section match their schemas, worker counts are within bounds, and the stages
 * plan. `winnow run`, `submit` (before it queues) and the gateway (before it runs) all go through this.
 */
export function resolveRunConfig(registry: StageRegistry, config: Readonly<Record<string, unknown>>): ResolvedRunConfig {
  checkConfigKeys(config, configSchemaOf(registry));
  const options = applySchema<RunOptions>(runOptionsSchema(), config, '');
  checkWorkerCounts(options);
  const configOf = stageConfigs(config);
  for (const { stage } of registry.stages()) if (config[stage.name] !== undefined) configOf(stage);
  const ordered = planPipeline(registry, options.stages, (s) => s.stage.inputsFor?.(configOf(s.stage) as never) ?? s.stage.inputs);
  return { options, ordered, configOf };
}

/** What `winnow run` and `submit` take from the command line, before anything runs or is queued. */
export interface RunArgs {
  /** The stream folders as given. */
  readonly inputs: readonly string[];
  /** The config file's content (see `readConfigFile`); `{}` without one. */
  readonly fileConfig: Readonly<Record<string, unknown>>;
  /** The `--<run option>` and `--<stage>.<option>` arguments (see `splitOptionArgs`). */
  readonly optionArgs: readonly string[];
}

/** A run as `runPipeline` and the queue take it: real, distinct stream folders and the merged, validated config. */
export interface PreparedRun extends ResolvedRunConfig {
  readonly inputs: readonly string[];
  readonly config: Record<string, unknown>;
}

/**
 * The one loader of `winnow run` and `submit`: flags beat the file, the config is validated whole
 * (`resolveRunConfig`), and the inputs resolve to their real folders, each once, so that both modes see the same
 * streams under the same names.
 */
export function prepareRun(registry: StageRegistry, args: RunArgs): PreparedRun {
  const config = mergeConfig(args.fileConfig, parseOptionArgs(args.optionArgs, runOptionDescriptors(registry)));
  return { ...resolveRunConfig(registry, config), config, inputs: resolveStreamDirs(args.inputs) };
}

/** The options of a run that are not any stage's (`--batch-size`, `--stages`, ...). */
export function runOnlyOptions(): OptionDescriptor[] {
  return describeOptions(runOptionsSchema());
}

/** Every option a run accepts beyond its fixed flags: run options and each stage's config, from their schemas. */
export function runOptionDescriptors(registry: StageRegistry): OptionDescriptor[] {
  return [...runOnlyOptions(), ...registry.stages().flatMap(({ stage }) => describeOptions(stage.config, [stage.name]))];
}

/** Every valid top-level key of a run config, closed: run options and one section per registered stage. */
function configSchemaOf(registry: StageRegistry): TSchema {
  const properties = { ...(runOptionsSchema().properties as Record<string, TSchema>), ...Object.fromEntries(registry.stages().map(({ stage }) => [stage.name, stage.config])) };
  return { type: 'object', properties, additionalProperties: false } as unknown as TSchema;
}
