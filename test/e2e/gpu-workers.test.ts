import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GpuPool, runExport, runPipeline, type RunSummary } from '@winnow/core';
import { makeStream } from '../helpers/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fixtureRegistry } = require('../helpers/run-fixture.js');
const RUNNER = path.join(__dirname, '../helpers/run-fixture.js');
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const FRAMES = 120;

let tmp: string;
let stream: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-gpu-'));
  stream = path.join(tmp, 'stream_a');
  await makeStream(stream, ['--frames', String(FRAMES), '--width', '320', '--height', '180']);
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function run(workspace: string, config: Record<string, unknown>, gpuPool?: GpuPool): Promise<RunSummary> {
  return runPipeline({ inputs: [stream], config: { stages: ['fixture-gpu'], batchSize: 40, ...config }, workspace, registry: await fixtureRegistry(), logger: quiet, gpuPool });
}

async function rows(workspace: string): Promise<Record<string, { red: number; mean: number; inBatchOf: number }>[]> {
  const out = path.join(tmp, `ex-${path.basename(workspace)}`);
  await runExport({ workspace, format: 'jsonl', outDir: out, registry: await fixtureRegistry(), logger: quiet });
  const all = (await fs.readFile(path.join(out, 'stream_a.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  return all.filter((r) => r['fixture-gpu']); // the stream has a few unreadable frames: reported, not measured
}

const values = (r: Awaited<ReturnType<typeof rows>>) => r.map((x) => ({ red: x['fixture-gpu'].red, mean: x['fixture-gpu'].mean }));

test('GPU stages run in a dedicated worker process on chunks the CPU workers decoded, with the same values as in the CPU workers', async () => {
  const inThreads = await run(path.join(tmp, 'ws-threads'), { gpuWorkers: 0 });
  expect(inThreads.state).toBe('SUCCEEDED');
  expect(inThreads.gpu).toBeNull();
  const threadRows = await rows(path.join(tmp, 'ws-threads'));
  expect(threadRows.every((r) => r['fixture-gpu'].inBatchOf === 1)).toBe(true);

  const ws = path.join(tmp, 'ws-gpu');
  const inProcess = await run(ws, { gpuWorkers: 1 });
  expect(inProcess.state).toBe('SUCCEEDED');
  // 3 batches of 40 frames, each sent in chunks of at most 32: 32 + 8, three times.
  expect(inProcess.gpu).toMatchObject({ size: 1, started: 1, tasks: 6, frames: threadRows.length, failed: 0 });
  expect(inProcess.stages['fixture-mean']).toMatchObject({ computed: 3 });
  const gpuRows = await rows(ws);
  expect(values(gpuRows)).toEqual(values(threadRows)); // same pixels (decoded once, in the CPU workers), same upstream records
  const batches = gpuRows.map((r) => r['fixture-gpu'].inBatchOf);
  expect(Math.max(...batches)).toBe(32); // whole chunks through measureBatch
  expect(Math.min(...batches)).toBeGreaterThan(1);

  // Everything checkpointed: no GPU worker is started at all.
  const again = await run(ws, { gpuWorkers: 1 });
  expect(again.stages['fixture-gpu']).toMatchObject({ computed: 0, skipped: 3 });
  expect(again.gpu).toMatchObject({ started: 0, tasks: 0 });

  // Batched results are keyed apart from frame-by-frame ones: switching recomputes the GPU stage only.
  const switched = await run(path.join(tmp, 'ws-threads'), { gpuWorkers: 1 });
  expect(switched.stages['fixture-gpu']).toMatchObject({ computed: 3, skipped: 0 });
  expect(switched.stages['fixture-mean']).toMatchObject({ computed: 0, skipped: 3 });
});

test('a GPU worker process that dies is replaced and its chunk retried; a shared pool keeps its processes across runs', async () => {
  const pool = new GpuPool(1, []);
  try {
    const marker = path.join(tmp, 'crashed-once');
    const crashed = await run(path.join(tmp, 'ws-crash'), { gpuWorkers: 1, 'fixture-gpu': { crashOnce: marker } }, pool);
    expect(crashed.state).toBe('SUCCEEDED');
    expect(Number(await fs.readFile(marker, 'utf8'))).toBeGreaterThan(0);
    const measured = await rows(path.join(tmp, 'ws-crash'));
    expect(crashed.gpu).toMatchObject({ started: 2, frames: measured.length }); // the one that exited, and its replacement
    expect(measured.length).toBeGreaterThan(FRAMES - 10);
    expect(measured.every((r) => typeof r['fixture-gpu'].red === 'number')).toBe(true);

    const next = await run(path.join(tmp, 'ws-shared'), { 'fixture-gpu': { crashOnce: marker } }, pool);
    expect(next.state).toBe('SUCCEEDED');
    expect(next.gpu).toMatchObject({ started: 2, processes: 1 }); // the same process served the second run
  } finally {
    await pool.close();
  }
  expect(pool.health().processes).toBe(0);
});

test('a run in its own process waits for its GPU worker and ends when the run ends', async () => {
  const ws = path.join(tmp, 'ws-own-process');
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [RUNNER, ws, JSON.stringify({ stages: ['fixture-gpu'], gpuWorkers: 1, batchSize: 40 }), stream], { timeout: 60_000 }, (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout))),
  );
  const summary = JSON.parse(out) as RunSummary;
  expect(summary.state).toBe('SUCCEEDED');
  expect(summary.gpu).toMatchObject({ started: 1, processes: 0, tasks: 6 }); // closed with the run: the process exited on its own
});
