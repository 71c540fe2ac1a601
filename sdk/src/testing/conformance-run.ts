import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  ArtifactStore,
  JobStore,
  StageRegistry,
  WorkspaceLayout,
  builtinContribution,
  exportSourceOf,
  loadContribution,
  runPipeline,
  type PluginInfo,
  type Progress,
} from '@winnow/core';
import type { PluginContribution, Stage } from '@winnow/sdk';

/** One run of the pipeline the kit builds: serialisable, so a second process can run it and report back. */
export interface RunSpec {
  /** The plugin under test first, then the plugins of its upstream stages. */
  readonly hookModules: readonly string[];
  readonly stage: string;
  /** The whole run config: run options and per-stage sections. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly input: string;
  readonly workspace: string;
}

/** What the kit compares between runs. */
export interface RunOutcome {
  readonly state: string;
  readonly failures: readonly { readonly stage: string; readonly code: string; readonly message: string }[];
  /** Per stage of the pipeline: each partition's cache key and artifact digest, in frame order. */
  readonly keys: Readonly<Record<string, readonly (string | null)[]>>;
  readonly artifacts: Readonly<Record<string, readonly (string | null)[]>>;
  readonly computed: number;
  /** The stage under test's record per catalogued frame (null when it has none), with the frame's error code. */
  readonly rows: readonly { readonly index: number; readonly record: unknown; readonly error: string | null }[];
  /** Stream-level tables the stage under test produced. */
  readonly tables: Readonly<Record<string, unknown>>;
}

export interface RunHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
  /** Replaces the stage under test's definition (stream stages run in this thread, so a wrapper sees them). */
  readonly wrapStage?: (stage: Stage) => Stage;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** The plugin's package root and identity: the nearest package.json above its hook module. */
export async function pluginInfoOf(hookModule: string): Promise<PluginInfo> {
  let dir = path.dirname(hookModule);
  for (;;) {
    try {
      const pkg = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      return { name: pkg.name ?? path.basename(dir), version: pkg.version ?? '0.0.0', kind: 'test', root: dir, hookModule };
    } catch {
      const up = path.dirname(dir);
      if (up === dir) return { name: path.basename(path.dirname(hookModule)), version: '0.0.0', kind: 'test', root: path.dirname(hookModule), hookModule };
      dir = up;
    }
  }
}

/** Loads each plugin as the host does (structural checks, API range) and fails with the host's own message. */
export async function registryOf(hookModules: readonly string[], stage: string, wrapStage?: (s: Stage) => Stage): Promise<StageRegistry> {
  const registry = new StageRegistry();
  registry.add({ name: '@winnow/core', version: '0.0.0', kind: 'builtin', root: path.dirname(require.resolve('@winnow/core/package.json')), hookModule: '' }, builtinContribution());
  for (const hookModule of hookModules) {
    const info = await pluginInfoOf(hookModule);
    let contribution: PluginContribution = await loadContribution(hookModule);
    if (wrapStage) contribution = { ...contribution, stages: contribution.stages?.map((s) => (s.name === stage ? wrapStage(s) : s)) };
    if (!registry.add(info, contribution)) throw new Error(registry.problems.map((p) => p.message).join('\n'));
  }
  return registry;
}

export async function runOnce(spec: RunSpec, hooks: RunHooks = {}): Promise<RunOutcome> {
  const registry = await registryOf(spec.hookModules, spec.stage, hooks.wrapStage);
  const summary = await runPipeline({ inputs: [spec.input], config: spec.config, workspace: spec.workspace, registry, logger: quiet, signal: hooks.signal, onProgress: hooks.onProgress });
  const layout = new WorkspaceLayout(spec.workspace);
  const job = await new JobStore(layout).read(summary.jobId);
  const stream = job.streams[0];
  const keys: Record<string, (string | null)[]> = {};
  const artifacts: Record<string, (string | null)[]> = {};
  for (const [name, parts] of Object.entries(stream?.stages ?? {})) {
    keys[name] = parts.map((p) => p.key);
    artifacts[name] = parts.map((p) => p.artifact);
  }
  const rows: { index: number; record: unknown; error: string | null }[] = [];
  let tables: Record<string, unknown> = {};
  if (stream) {
    // Every stage exported, whatever it declares, so that the kit sees the records of stages kept out of exports.
    const all = { ...job, pipeline: job.pipeline.map((p) => ({ ...p, exported: true })) };
    const source = await exportSourceOf(all, new ArtifactStore(layout));
    for await (const row of source.streams[0].rows()) rows.push({ index: row.frame_idx, record: row[spec.stage] ?? null, error: row.error?.code ?? null });
    tables = { ...(source.streams[0].tables[spec.stage] ?? {}) };
  }
  return {
    state: summary.state,
    failures: summary.failures.map((f) => ({ stage: f.stage, code: f.code, message: f.message })),
    keys,
    artifacts,
    computed: summary.stages[spec.stage]?.computed ?? 0,
    rows,
    tables,
  };
}
