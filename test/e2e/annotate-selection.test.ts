import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runExport, runPipeline, type RunSummary } from '@winnow/core';
import { fakeDFineNative } from '../../plugins/annotate-common/src/testing/fake-models';
import { makeStream } from '../helpers/cli';
import { bundledRegistry } from '../helpers/registry';

// The default frame selection reads the `select` stage (which reads the stream-relative `darkness` and `blur`
// verdicts, duplicates and idle intervals), so the detector runs a pass after it; the frames it skips are settled
// before decode.
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const FRAMES = 64;
let tmp: string;
let stream: string;
let injected: { dark: number[]; blurred: number[]; truncated: number; empty: number; notImage: number };

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-annotate-selection-'));
  stream = path.join(tmp, 'cam');
  injected = (await makeStream(stream, ['--frames', String(FRAMES), '--width', '320', '--height', '180'])) as typeof injected;
  await fs.writeFile(path.join(tmp, 'person.onnx'), fakeDFineNative({ detections: [{ unitBox: [0.25, 0.25, 0.75, 1], label: 0, score: 0.9 }] }));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

const registry = () => bundledRegistry(['stage-blur', 'stage-darkness', 'stage-dedup', 'stage-idle', 'stage-select', 'stage-d-fine']);

async function run(ws: string, options: Record<string, unknown> = {}): Promise<RunSummary> {
  return runPipeline({ inputs: [stream], config: { stages: ['d-fine'], workers: 1, batchSize: 32, 'd-fine': { model: path.join(tmp, 'person.onnx') }, ...options }, workspace: ws, registry: await registry(), logger: quiet });
}

type Row = { frame_idx: number; 'd-fine': { selected: boolean; skip?: string }; darkness?: { flag: boolean }; blur: { flag: boolean } };

async function rows(ws: string): Promise<Row[]> {
  const out = path.join(ws, 'export');
  await runExport({ workspace: ws, format: 'jsonl', outDir: out, registry: await registry(), logger: quiet });
  return (await fs.readFile(path.join(out, 'cam.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
}

test("frames curation flags dark or blurry are skipped by the stream's own decisions, without being decoded for the detector", async () => {
  const ws = path.join(tmp, 'ws-gpu');
  const summary = await run(ws, { gpuWorkers: 1 });
  expect(summary.state).toBe('SUCCEEDED');
  expect(Object.keys(summary.stages).sort()).toEqual(['blur', 'blur-features', 'd-fine', 'darkness', 'darkness-features', 'dedup', 'dedup-features', 'idle', 'idle-features', 'select']);
  const got = (await rows(ws)).filter((r) => r['d-fine']);
  const byIndex = new Map(got.map((r) => [r.frame_idx, r]));
  for (const i of injected.dark) expect(byIndex.get(i)?.['d-fine']).toMatchObject({ selected: false, skip: 'dark' });
  for (const i of injected.blurred) expect(byIndex.get(i)?.['d-fine']).toMatchObject({ selected: false, skip: 'blurry' });
  for (const r of got) {
    if (!r.darkness) expect(r['d-fine'].skip).toBe('unreadable'); // a decode error found by curation's pass
    else if (r.darkness.flag) expect(r['d-fine'].skip).toBe('dark');
    else if (r.blur.flag) expect(r['d-fine'].skip).toBe('blurry');
    else expect(['duplicate', 'near-duplicate', 'idle', undefined]).toContain(r['d-fine'].skip);
  }
  // A frame curation's pass found undecodable is settled as such: never decoded again for the detector.
  expect(byIndex.get(injected.truncated)?.['d-fine']).toMatchObject({ selected: false, skip: 'unreadable' });
  const selected = got.filter((r) => r['d-fine'].selected).length;
  expect(selected).toBeGreaterThan(0);
  expect(selected).toBeLessThan(got.length);
  console.log(`annotate-selection: ${JSON.stringify(summary.stages['d-fine'].counts)}; frames decoded for the detector: ${summary.gpu?.frames}`);
  expect(summary.stages['d-fine'].counts).toMatchObject({ frames: got.length, annotated: selected, 'skipped dark': injected.dark.length });
  // Only the selected frames were decoded and sent to the GPU worker.
  expect(summary.gpu).toMatchObject({ frames: selected, failed: 0 });

  // The CPU workers make the same records.
  const cpu = path.join(tmp, 'ws-cpu');
  expect((await run(cpu, { gpuWorkers: 0 })).state).toBe('SUCCEEDED');
  expect(await rows(cpu)).toEqual(await rows(ws));
});

test('the detector is keyed on the decisions of its own batch: a rerun, or a decision config that changes no verdict, reuses it', async () => {
  const ws = path.join(tmp, 'ws-key');
  const first = await run(ws);
  expect(first.stages['d-fine']).toMatchObject({ computed: 2, skipped: 0, failed: 0 });
  const again = await run(ws);
  expect(again.framesMeasured).toBe(0);
  expect(again.stages['d-fine']).toMatchObject({ computed: 0, skipped: 2 });

  // Another darkness threshold that flips no frame: the decision stage reruns, the detector does not.
  const nudged = await run(ws, { darkness: { threshold: 0.45 } });
  expect(nudged.stages.darkness).toMatchObject({ computed: 1 });
  expect(nudged.stages['d-fine']).toMatchObject({ computed: 0, skipped: 2 });

  // Thresholds that clear the dark frames (select's margin too): only the batch holding them is annotated again.
  const lenient = await run(ws, { darkness: { threshold: 0.01 }, select: { minExposure: 0 } });
  const batchOfDark = Math.floor(injected.dark[0] / 32);
  expect(lenient.stages['d-fine']).toMatchObject({ computed: 1, skipped: 1 });
  const byIndex = new Map((await rows(ws)).map((r) => [r.frame_idx, r]));
  for (const i of injected.dark) expect(byIndex.get(i)?.['d-fine'].skip).not.toBe('dark');
  expect(batchOfDark).toBe(0);
});
