import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventJournal, WorkspaceLayout, runExport, runPipeline, type RunSummary } from '@winnow/core';
import { makeStream } from '../helpers/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fixtureRegistry } = require('../helpers/run-fixture.js');
const RUNNER = path.join(__dirname, '../helpers/run-fixture.js');
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

let tmp: string;
let stream: string;
let truth: Record<string, unknown>;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-run-'));
  stream = path.join(tmp, 'stream_a');
  truth = await makeStream(stream, ['--frames', '160', '--width', '320', '--height', '180']);
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function run(workspace: string, config: Record<string, unknown> = {}): Promise<RunSummary> {
  return runPipeline({ inputs: [stream], config: { batchSize: 40, ...config }, workspace, registry: await fixtureRegistry(), logger: quiet });
}

async function exportJsonl(workspace: string, out: string): Promise<string> {
  await runExport({ workspace, format: 'jsonl', outDir: out, registry: await fixtureRegistry(), logger: quiet });
  return fs.readFile(path.join(out, 'stream_a.frames.jsonl'), 'utf8');
}

async function succeededCheckpoints(workspace: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const e of new EventJournal(new WorkspaceLayout(workspace)).read()) {
    if (e.type !== 'checkpoint' || e.state !== 'SUCCEEDED') continue;
    const k = `${e.stage}/${e.stream}/${e.start}_${e.end}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

test('a rerun on unchanged input does no stage work and exports the same bytes', async () => {
  const ws = path.join(tmp, 'ws-rerun');
  const first = await run(ws);
  expect(first.partitions.computed).toBe(5); // 4 batches of fixture-mean + 1 stream stage
  expect(first.framesMeasured).toBeGreaterThan(0);
  const a = await exportJsonl(ws, path.join(tmp, 'ex-rerun-1'));
  const second = await run(ws);
  expect(second.partitions).toEqual({ computed: 0, skipped: 5, failed: 0, blocked: 0 });
  expect(second.framesMeasured).toBe(0);
  expect(await exportJsonl(ws, path.join(tmp, 'ex-rerun-2'))).toBe(a);
});

test('changing a stream stage option reruns only that stage', async () => {
  const ws = path.join(tmp, 'ws-config');
  await run(ws);
  const again = await run(ws, { 'fixture-relative': { factor: 0.7 } });
  expect(again.stages['fixture-mean']).toMatchObject({ computed: 0, skipped: 4 });
  expect(again.stages['fixture-relative']).toMatchObject({ computed: 1 });
});

test('corrupt, empty, non-image and foreign files are reported with path and reason; every other frame is processed', async () => {
  const ws = path.join(tmp, 'ws-bad');
  const summary = await run(ws);
  expect(summary.unreadableFrames).toBe(3);
  const rows = (await exportJsonl(ws, path.join(tmp, 'ex-bad'))).trim().split('\n').map((l) => JSON.parse(l));
  const byIdx = new Map(rows.map((r) => [r.frame_idx, r]));
  expect(byIdx.get(truth.truncated)?.error).toMatchObject({ code: 'FRAME_CORRUPT', message: expect.stringContaining(`stream_a/image_${truth.truncated}.jpg`) });
  expect(byIdx.get(truth.empty)?.error).toMatchObject({ code: 'FRAME_EMPTY', message: expect.stringContaining('empty') });
  expect(byIdx.get(truth.notImage)?.error).toMatchObject({ code: 'FRAME_NOT_IMAGE' });
  expect(byIdx.has(truth.gap)).toBe(false);
  const good = rows.filter((r) => r.error === null);
  expect(good.length).toBe(160 - 1 - 3);
  for (const r of good) expect(typeof r['fixture-mean'].mean).toBe('number');
  const catalog = JSON.parse(await fs.readFile(path.join(ws, 'state/v2/streams', (await fs.readdir(path.join(ws, 'state/v2/streams')))[0], 'stream.json'), 'utf8')).stream;
  expect(catalog.gaps).toEqual([[truth.gap, truth.gap]]);
  expect(catalog.foreign).toEqual(['Thumbs.db']);
});

test('a stage that throws on one frame records a per-frame error and keeps the rest', async () => {
  const ws = path.join(tmp, 'ws-poison');
  const summary = await run(ws, { 'fixture-mean': { poison: 5 } });
  expect(summary.failures).toEqual([]);
  const rows = (await exportJsonl(ws, path.join(tmp, 'ex-poison'))).trim().split('\n').map((l) => JSON.parse(l));
  expect(rows.find((r) => r.frame_idx === 5)['fixture-mean'].error.message).toContain('poisoned frame');
  expect(rows.find((r) => r.frame_idx === 6)['fixture-mean'].mean).toEqual(expect.any(Number));
});

test('a worker that dies is retried; a batch that keeps killing it ends FAILED while the others complete', async () => {
  const ws = path.join(tmp, 'ws-crash');
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [RUNNER, ws, JSON.stringify({ batchSize: 40, retries: 1 }), stream], { env: { ...process.env, WINNOW_FIXTURE_CRASH_AT: '45' } }, (e, stdout, stderr) =>
      e && !stdout ? reject(new Error(stderr)) : resolve(stdout),
    ),
  );
  const summary = JSON.parse(out) as RunSummary;
  expect(summary.state).toBe('FAILED');
  expect(summary.failures).toEqual([expect.objectContaining({ stage: 'fixture-mean', start: 40, end: 79 })]);
  expect(summary.stages['fixture-mean']).toMatchObject({ computed: 3, failed: 1 });
  expect(summary.stages['fixture-relative']).toMatchObject({ blocked: 1 });
  const cps = await fs.readdir(path.join(ws, 'state/v2/stages/fixture-mean', (await fs.readdir(path.join(ws, 'state/v2/stages/fixture-mean')))[0], '40_79'));
  const cp = JSON.parse(await fs.readFile(path.join(ws, 'state/v2/stages/fixture-mean', (await fs.readdir(path.join(ws, 'state/v2/stages/fixture-mean')))[0], '40_79', cps[0]), 'utf8'));
  expect(cp).toMatchObject({ state: 'FAILED', attempts: 1, error: { message: expect.any(String), stack: expect.any(String) } });
  // Without the crash, a rerun completes exactly the failed work.
  const rerun = await run(ws, { retries: 1 });
  expect(rerun.state).toBe('SUCCEEDED');
  expect(rerun.stages['fixture-mean']).toMatchObject({ computed: 1, skipped: 3 });
});

test('kill -9 at any moment, then a rerun, gives exactly the export of an uninterrupted run', async () => {
  const clean = path.join(tmp, 'ws-clean');
  await run(clean, { batchSize: 16 });
  const expected = await exportJsonl(clean, path.join(tmp, 'ex-clean'));
  for (const delayMs of [150, 400, 700]) {
    const ws = path.join(tmp, `ws-kill-${delayMs}`);
    const child = spawn(process.execPath, [RUNNER, ws, JSON.stringify({ batchSize: 16 }), stream], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, delayMs));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const rerun = await run(ws, { batchSize: 16 });
    expect(rerun.state).toBe('SUCCEEDED');
    expect(await exportJsonl(ws, path.join(tmp, `ex-kill-${delayMs}`))).toBe(expected);
  }
});

test('two runs on the same workspace at once never compute the same batch twice', async () => {
  const ws = path.join(tmp, 'ws-concurrent');
  const runOnce = () =>
    new Promise<RunSummary>((resolve, reject) =>
      execFile(process.execPath, [RUNNER, ws, JSON.stringify({ batchSize: 20 }), stream], (e, stdout, stderr) => (e ? reject(new Error(stderr)) : resolve(JSON.parse(stdout)))),
    );
  const [a, b] = await Promise.all([runOnce(), runOnce()]);
  expect(a.state).toBe('SUCCEEDED');
  expect(b.state).toBe('SUCCEEDED');
  const counts = await succeededCheckpoints(ws);
  expect(counts.size).toBe(9); // 8 batches + 1 stream stage
  for (const n of counts.values()) expect(n).toBe(1);
  expect(a.stages['fixture-mean'].computed + b.stages['fixture-mean'].computed).toBe(8);
});

test('a stage whose pixels would change with the decode size is recomputed when another stage changes that size', async () => {
  const { bundledRegistry } = await import('../helpers/registry');
  const { loadContribution } = await import('@winnow/core');
  const registry = await bundledRegistry(['stage-blur']);
  const root = path.join(__dirname, '../fixtures/stage-fixture');
  registry.add({ name: 'fixture', version: '1.0.0', kind: 'test', root, hookModule: path.join(root, 'hooks/stages.js') }, await loadContribution(path.join(root, 'hooks/stages.js')));
  const ws = path.join(tmp, 'ws-decode-base');
  const go = (stages: string[]) => runPipeline({ inputs: [stream], config: { batchSize: 40, stages }, workspace: ws, registry, logger: quiet });
  expect((await go(['fixture-mean'])).stages['fixture-mean'].computed).toBe(4); // decoded at 64 px
  expect((await go(['fixture-mean', 'blur-features'])).stages['fixture-mean'].computed).toBe(4); // now at 480 px
  expect((await go(['fixture-mean', 'blur-features'])).stages['fixture-mean'].computed).toBe(0);
  expect((await go(['fixture-mean'])).stages['fixture-mean'].computed).toBe(0); // the 64 px results are still there
});

test('a batch stage that reads a stream decision runs a pass later, settles frames from it, and is BLOCKED when the decision fails', async () => {
  const ws = path.join(tmp, 'ws-passes');
  const first = await run(ws, { stages: ['fixture-after'] });
  expect(first.state).toBe('SUCCEEDED');
  expect(Object.keys(first.stages)).toEqual(['fixture-mean', 'fixture-relative', 'fixture-after']);
  const rows = (await exportJsonl(ws, path.join(tmp, 'ex-passes'))).trim().split('\n').map((l) => JSON.parse(l));
  const after = rows.filter((r) => r['fixture-after']);
  expect(after.length).toBeGreaterThan(100);
  for (const r of after) {
    // Settled frames (the stream's flagged ones) carry the decision and no pixel measure; the others both.
    expect(r['fixture-after']).toMatchObject({ settled: r['fixture-relative'].flag, ratio: r['fixture-relative'].ratio });
    expect(typeof r['fixture-after'].mean).toBe(r['fixture-after'].settled ? 'undefined' : 'number');
  }
  expect(after.filter((r) => r['fixture-after'].settled).length).toBeGreaterThanOrEqual((truth.dark as number[]).length);
  const again = await run(ws, { stages: ['fixture-after'] });
  expect(again.framesMeasured).toBe(0);
  expect(again.stages['fixture-after']).toMatchObject({ computed: 0, skipped: 4 });

  const failed = await run(path.join(tmp, 'ws-passes-fail'), { stages: ['fixture-after'], 'fixture-relative': { fail: true } });
  expect(failed.state).toBe('FAILED');
  expect(failed.stages['fixture-mean']).toMatchObject({ computed: 4, failed: 0 });
  expect(failed.stages['fixture-relative']).toMatchObject({ failed: 1 });
  expect(failed.stages['fixture-after']).toMatchObject({ computed: 0, blocked: 4 });
  expect(failed.failures).toContainEqual(expect.objectContaining({ stage: 'fixture-relative', message: expect.stringMatching(/told to fail/) }));
});

test("a stream stage runs off the host's event loop: a long synchronous decision does not stall its timers (other streams' batches, the gateway's heartbeats)", async () => {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 20);
  try {
    const summary = await run(path.join(tmp, 'ws-busy'), { stages: ['fixture-relative'], 'fixture-relative': { busyMs: 4000 } });
    expect(summary.state).toBe('SUCCEEDED');
  } finally {
    clearInterval(timer);
  }
  // In the host's thread the 4 s spin would hold every timer back by 4 s; in a worker, only ordinary scheduling does.
  expect(worst).toBeLessThan(2500);
});

test('a frame that cannot even be stat-ed (a dangling symlink) is an unreadable frame naming it; the rest run', async () => {
  const dir = path.join(tmp, 'stream_links');
  await fs.mkdir(dir, { recursive: true });
  for (let i = 0; i < 6; i++) await fs.symlink(path.join(stream, `image_${i}.jpg`), path.join(dir, `image_${i}.jpg`));
  await fs.symlink(path.join(tmp, 'gone.jpg'), path.join(dir, 'image_6.jpg'));
  const summary = await runPipeline({ inputs: [dir], config: { stages: ['fixture-mean'], batchSize: 40 }, workspace: path.join(tmp, 'ws-links'), registry: await fixtureRegistry(), logger: quiet });
  expect(summary.state).toBe('SUCCEEDED');
  expect(summary.unreadable).toEqual([expect.objectContaining({ frame_idx: 6, path: 'image_6.jpg', message: expect.stringMatching(/stream_links\/image_6\.jpg: cannot be read \(ENOENT\)/) })]);
  expect(summary.frames).toBe(7);
});
