import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Stage } from '@winnow/sdk';
import { changedConfigOf } from './changed-config';
import { ConformanceError } from './conformance-error';
import type { ConformanceCheck, ConformanceReport, StageConformanceOptions } from './conformance-options';
import { pluginInfoOf, registryOf, runOnce, type RunOutcome, type RunSpec } from './conformance-run';
import { CHANGED_FRAME, writeTestStream } from './test-stream';
import { recordProblems } from './declared-records';

const BATCH_SIZE = 4;
// The second process needs built JS; under ts-jest this module runs from its source next to src/, not dist/.
const CHILD_RUNNER = __filename.endsWith('.ts') ? path.join(__dirname, '../../dist/testing/child-runner.js') : path.join(__dirname, 'child-runner.js');

/**
 * Runs a stage through the host's real pipeline (core's `runPipeline`) on a small stream of real JPEGs plus
 * unreadable files, and checks what every stage must guarantee: same input gives the same output bytes; the
 * cache key is stable across runs and processes and changes when the config or an input frame changes;
 * unreadable frames give per-frame errors, not a crash; the abort signal is honoured; the declared output
 * is produced. Returns a report; throws a `ConformanceError` naming every failed check unless told not to.
 *
 * @example
 * test('my-metric conforms', async () => {
 *   await runStageConformance({ hookModule: path.join(__dirname, '../dist/hooks/stages.js'), stage: 'my-metric' });
 * }, 120_000);
 */
export async function runStageConformance(options: StageConformanceOptions): Promise<ConformanceReport> {
  const hookModule = path.resolve(options.hookModule);
  const plugin = await pluginInfoOf(hookModule);
  const hookModules = [hookModule, ...(options.upstreamHookModules ?? []).map((m) => path.resolve(m))];
  const registry = await registryOf(hookModules, options.stage); // throws the host's own message for a plugin it refuses
  const { stage } = registry.stage(options.stage);
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-conformance-'));
  const checks: ConformanceCheck[] = [];
  const check = (id: string, ok: boolean | null, detail: string) => checks.push({ id, status: ok === null ? 'skipped' : ok ? 'passed' : 'failed', detail });
  try {
    const frames = options.frames ?? 12;
    const stream = await writeTestStream(path.join(tmp, 'a', 'stream'), frames, options.width ?? 96, options.height ?? 64);
    const changed = await writeTestStream(path.join(tmp, 'b', 'stream'), frames, options.width ?? 96, options.height ?? 64, 1);
    const runConfig = (config: Readonly<Record<string, unknown>> | undefined) => ({ stages: [options.stage], batchSize: BATCH_SIZE, workers: 1, retries: 0, [options.stage]: config ?? {} });
    const spec = (name: string, input = stream.dir, config = options.config): RunSpec => ({ hookModules, stage: options.stage, config: runConfig(config), input, workspace: path.join(tmp, name) });

    const first = await runOnce(spec('ws-1'));
    checkOutputs(check, stage, first, stream.unreadable);

    const second = await runOnce(spec('ws-2'));
    const sameBytes = same(first.artifacts[stage.name], second.artifacts[stage.name]);
    check('deterministic-output', sameBytes, sameBytes ? `two runs wrote identical output bytes (${first.artifacts[stage.name].length} partition(s))` : `two runs on the same input wrote different outputs (artifact digests ${diff(first.artifacts[stage.name], second.artifacts[stage.name])}): remove randomness, time, Map/Set iteration-order or thread-timing effects from the results`);

    const rerun = await runOnce(spec('ws-1'));
    const stableKeys = same(first.keys[stage.name], second.keys[stage.name]) && rerun.computed === 0;
    check('cache-key-stable-across-runs', stableKeys, stableKeys ? 'same keys in two workspaces, and a rerun computed nothing' : `keys differ between runs (${diff(first.keys[stage.name], second.keys[stage.name])}) or the rerun recomputed ${rerun.computed} partition(s): the key must not depend on time, paths or anything but code, config and inputs`);

    const child = await runInChild(spec('ws-child'));
    if (typeof child === 'string') check('cache-key-stable-across-processes', false, `the second process failed: ${child}`);
    else {
      const ok = same(first.keys[stage.name], child.keys[stage.name]) && same(first.artifacts[stage.name], child.artifacts[stage.name]);
      check('cache-key-stable-across-processes', ok, ok ? 'a second process computed the same keys and output bytes' : `a second process computed other keys or outputs (${diff(first.keys[stage.name], child.keys[stage.name])}): no per-process state (random seeds, object identity, load order) may reach a result`);
    }

    const changedConfig = options.changedConfig ? { config: { ...options.changedConfig }, option: 'the given changedConfig' } : changedConfigOf(stage.config, options.config ?? {}, stage.name);
    if (!changedConfig) check('cache-key-follows-config', null, 'the config schema has no option the kit can change: pass changedConfig to check it');
    else {
      const other = await runOnce(spec('ws-config', stream.dir, changedConfig.config));
      const a = first.keys[stage.name];
      const b = other.keys[stage.name];
      const ok = a.length === b.length && a.every((k, i) => k !== b[i]);
      check('cache-key-follows-config', ok, ok ? `changing ${changedConfig.option} changed every key` : `changing ${changedConfig.option} left some keys unchanged (${diff(a, b)})`);
    }

    const moved = await runOnce(spec('ws-input', changed.dir));
    checkInputChange(check, stage, first, moved);

    if (stage.partition === 'batch' && stage.resources?.gpu === true) checkGpuWorker(check, stage, first, await runOnce({ ...spec('ws-gpu'), config: { ...runConfig(options.config), gpuWorkers: 1 } }));
    else check('gpu-worker-batches', null, 'not a GPU stage (resources.gpu): it always runs in the CPU workers');

    checks.push(await checkAbort(spec('ws-abort'), stage, options.abortTimeoutMs ?? 10_000));
  } finally {
    // An aborted run may still be finishing a checkpoint write when runPipeline settles: retry the removal.
    if (!options.keepTemp) await fs.rm(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
  const report: ConformanceReport = { stage: options.stage, plugin: plugin.name, partition: stage.partition, ok: checks.every((c) => c.status !== 'failed'), checks, tempDir: tmp };
  if (!report.ok && options.throwOnFailure !== false) throw new ConformanceError(report);
  return report;
}

type Check = (id: string, ok: boolean | null, detail: string) => void;

function checkOutputs(check: Check, stage: Stage, run: RunOutcome, unreadable: readonly number[]): void {
  const crashed = run.state !== 'SUCCEEDED' || run.failures.length > 0;
  const bad = run.rows.filter((r) => unreadable.includes(r.index));
  const badHandled = bad.every((r) => r.error !== null && (stage.partition !== 'batch' || r.record === null));
  check(
    'unreadable-frames-are-per-frame-errors',
    !crashed && badHandled,
    crashed
      ? `the run ended ${run.state}: ${run.failures.map((f) => `${f.code} ${f.message}`).join('; ') || 'no failure recorded'}`
      : badHandled
        ? `frames ${unreadable.join(', ')} were recorded as frame errors (${bad.map((r) => r.error).join(', ')}) and the run succeeded`
        : `frames ${unreadable.join(', ')} should carry a frame error and no record of this stage`,
  );
  const good = run.rows.filter((r) => !unreadable.includes(r.index));
  const problems: string[] = [];
  if (stage.partition === 'batch') {
    for (const r of good) {
      if (r.record === null || typeof r.record !== 'object') problems.push(`frame ${r.index} has no record`);
      else if ('error' in (r.record as object)) problems.push(`frame ${r.index}: ${JSON.stringify((r.record as { error: unknown }).error)}`);
      else if (JSON.stringify(JSON.parse(JSON.stringify(r.record))) !== JSON.stringify(r.record)) problems.push(`frame ${r.index}: the record is not plain JSON data`);
    }
  } else if (good.every((r) => r.record === null) && Object.values(run.tables).every((t) => Array.isArray(t) && t.length === 0)) {
    problems.push('it produced neither per-frame records nor stream tables');
  }
  problems.push(...recordProblems(stage, good, run.tables));
  const parts = run.artifacts[stage.name] ?? [];
  if (parts.length === 0 || parts.some((a) => a === null)) problems.push(`partitions without an output artifact: ${parts.filter((a) => a === null).length} of ${parts.length}`);
  check(
    'declared-output-produced',
    !crashed && problems.length === 0,
    problems.length === 0 ? `output "${stage.output ?? stage.name}": ${parts.length} partition(s), ${good.filter((r) => r.record !== null).length} frame record(s)` : problems.slice(0, 5).join('; '),
  );
}

function checkInputChange(check: Check, stage: Stage, base: RunOutcome, moved: RunOutcome): void {
  const a = base.keys[stage.name];
  const b = moved.keys[stage.name];
  if (stage.partition !== 'batch') {
    const ok = a.length > 0 && a.every((k, i) => k !== b[i]);
    check('cache-key-follows-input', ok, ok ? `changing frame ${CHANGED_FRAME} changed the stream key` : `changing frame ${CHANGED_FRAME} left the key unchanged`);
    return;
  }
  const part = Math.floor(CHANGED_FRAME / BATCH_SIZE);
  const ok = a.length === b.length && a.every((k, i) => (i === part ? k !== b[i] : k === b[i]));
  check(
    'cache-key-follows-input',
    ok,
    ok
      ? `changing frame ${CHANGED_FRAME} changed only its batch's key; the other batches (in another folder) kept theirs`
      : `changing frame ${CHANGED_FRAME} should change batch ${part}'s key and no other (the key must hash frame digests, never paths): ${diff(a, b)}`,
  );
}

/** A GPU stage run in a GPU worker process (chunks through `measureBatch`, when it has one) gives every frame a record of the same fields. */
function checkGpuWorker(check: Check, stage: Stage, base: RunOutcome, lane: RunOutcome): void {
  const fields = (r: RunOutcome['rows'][number]) => (r.record && typeof r.record === 'object' ? Object.keys(r.record).sort().join(',') : String(r.record));
  const problems: string[] = [];
  if (lane.state !== 'SUCCEEDED') problems.push(`the run ended ${lane.state}: ${lane.failures.map((f) => `${f.code} ${f.message}`).join('; ')}`);
  else if (lane.rows.length !== base.rows.length) problems.push(`${lane.rows.length} rows instead of ${base.rows.length}`);
  else
    lane.rows.forEach((r, i) => {
      const b = base.rows[i];
      if (r.index !== b.index || r.error !== b.error || fields(r) !== fields(b)) problems.push(`frame ${b.index}: {${fields(r)}} instead of {${fields(b)}}`);
    });
  const how = typeof (stage as { measureBatch?: unknown }).measureBatch === 'function' ? 'in chunks through measureBatch' : 'frame by frame';
  check(
    'gpu-worker-batches',
    problems.length === 0,
    problems.length === 0 ? `in a GPU worker process (${how}) every frame got a record with the fields measure gives` : `in a GPU worker process (${how}): ${problems.slice(0, 5).join('; ')}: measureBatch must return one record per frame, in order, as measure would`,
  );
}

/** Aborts a run as the stage starts working and expects the run to stop promptly without recording a result. */
async function checkAbort(spec: RunSpec, stage: Stage, timeoutMs: number): Promise<ConformanceCheck> {
  const id = 'abort-signal-honoured';
  const abort = new AbortController();
  let abortedAt = 0;
  const fire = () => {
    if (abortedAt) return;
    abortedAt = performance.now();
    abort.abort(new Error('conformance: abort'));
  };
  // Job stages run in the host's thread: a wrapper aborts just as the stage starts, with the signal it gets. Batch
  // and stream stages run in worker threads, which the host stops: the abort fires as it hands them work.
  const wrapStage = stage.partition !== 'job' ? undefined : (s: Stage): Stage => {
    const run = (s as { run: (input: unknown, ctx: unknown) => unknown }).run;
    return { ...s, run: (input: unknown, ctx: unknown) => (fire(), run.call(s, input, ctx)) } as unknown as Stage;
  };
  let timer: NodeJS.Timeout | undefined;
  const startsWork = (p: { phase: string; stage?: string }) => (stage.partition === 'batch' && p.phase === 'measure') || (stage.partition === 'stream' && p.phase === 'stream' && p.stage === stage.name);
  const run = runOnce(spec, { signal: abort.signal, wrapStage, onProgress: (p) => startsWork(p) && fire() });
  const outcome = await Promise.race([
    run.then(
      (o) => ({ kind: 'resolved' as const, o }),
      (e: unknown) => ({ kind: 'rejected' as const, e }),
    ),
    new Promise<{ kind: 'timeout' }>((r) => (timer = setTimeout(() => r({ kind: 'timeout' }), timeoutMs + 60_000))),
  ]);
  clearTimeout(timer);
  const took = abortedAt ? Math.round(performance.now() - abortedAt) : 0;
  if (!abortedAt) return { id, status: 'skipped', detail: 'the stage never started, so there was nothing to abort' };
  if (outcome.kind === 'timeout') return { id, status: 'failed', detail: `the run did not stop within ${timeoutMs} ms of the abort` };
  if (outcome.kind === 'resolved' && outcome.o.state !== 'CANCELLED') {
    const hint = stage.partition === 'job' ? 'check ctx.signal in run() (ctx.signal.throwIfAborted()) and stop' : 'the host should stop its workers';
    return { id, status: 'failed', detail: `the run finished ${outcome.o.state} although its signal was aborted: ${hint}` };
  }
  if (took > timeoutMs) return { id, status: 'failed', detail: `the run took ${took} ms to stop after the abort (limit ${timeoutMs} ms)` };
  return { id, status: 'passed', detail: `the run stopped ${took} ms after the abort, as cancelled` };
}

function runInChild(spec: RunSpec): Promise<RunOutcome | string> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CHILD_RUNNER, JSON.stringify(spec)], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) resolve(stderr.trim() || err.message);
      else resolve(JSON.parse(stdout) as RunOutcome);
    });
  });
}

function same(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  return !!a && !!b && a.length > 0 && a.length === b.length && a.every((x, i) => x === b[i]);
}

function diff(a: readonly (string | null)[] | undefined, b: readonly (string | null)[] | undefined): string {
  const x = a ?? [];
  const y = b ?? [];
  const at = x.map((k, i) => (k === y[i] ? null : i)).filter((i) => i !== null);
  return `${x.length} vs ${y.length} partition(s), differing at ${at.length ? at.join(', ') : 'none'}`;
}
