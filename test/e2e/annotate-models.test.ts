import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { inspectJob, runExport, runPipeline, type RunSummary } from '@winnow/core';
import { ModelRegistry } from '../../plugins/annotate-common/src/model-registry';
import { fakeDFineNative, fakeSam2Decoder, fakeSam2Encoder } from '../../plugins/annotate-common/src/testing/fake-models';
import { bundledRegistry } from '../helpers/registry';

// The models' digests in the cache key, and model failures at load, through the real executor (in process,
// stage code in worker threads) with tiny fake D-FINE exports.
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const FRAMES = 4;
let tmp: string;
let stream: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-annotate-models-'));
  stream = path.join(tmp, 'cam');
  await fs.mkdir(stream);
  for (let i = 0; i < FRAMES; i++) await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 250, g: 250 - i, b: 250 } } }).jpeg().toFile(path.join(stream, `image_${i}.jpg`));
  await fs.writeFile(path.join(tmp, 'person.onnx'), fakeDFineNative({ detections: [{ unitBox: [0.25, 0.25, 0.75, 1], label: 0, score: 0.9 }] }));
  await fs.writeFile(path.join(tmp, 'car.onnx'), fakeDFineNative({ detections: [{ unitBox: [0, 0.5, 0.5, 0.75], label: 2, score: 0.9 }] }));
  await fs.writeFile(path.join(tmp, 'sam2-enc.onnx'), fakeSam2Encoder());
  await fs.writeFile(path.join(tmp, 'sam2-dec.onnx'), fakeSam2Decoder());
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function run(ws: string, dFine: Record<string, unknown>, options: Record<string, unknown> = {}): Promise<RunSummary> {
  const registry = await bundledRegistry(['stage-blur', 'stage-darkness', 'stage-dedup', 'stage-d-fine']);
  return runPipeline({ inputs: [stream], config: { stages: ['d-fine'], workers: 1, batchSize: FRAMES, ...options, 'd-fine': { select: { frames: 'all' }, ...dFine } }, workspace: ws, registry, logger: quiet });
}

async function categories(ws: string, out: string): Promise<string[]> {
  const registry = await bundledRegistry(['stage-blur', 'stage-darkness', 'stage-dedup', 'stage-d-fine']);
  await runExport({ workspace: ws, format: 'jsonl', outDir: out, registry, logger: quiet });
  const rows = (await fs.readFile(path.join(out, 'cam.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  return [...new Set(rows.flatMap((r) => r['d-fine'].objects.map((o: { category: string }) => o.category)))] as string[];
}

test('another model file registered under the same name changes the cache key: the detector recomputes, the features do not', async () => {
  const ws = path.join(tmp, 'ws-key');
  const model = path.join(tmp, 'det.onnx');
  await fs.copyFile(path.join(tmp, 'person.onnx'), model);
  await new ModelRegistry(ws).add('det', model);
  const curated = { frames: 'curated' }; // the default selection, which reads the curation features
  const first = await run(ws, { model: 'det', select: curated });
  expect(first.state).toBe('SUCCEEDED');
  expect(first.stages['d-fine']).toMatchObject({ computed: 1, failed: 0 });
  expect(await categories(ws, path.join(tmp, 'ex-1'))).toEqual(['person']);

  // The run summary says how many frames each step handled, and on which provider.
  const counts = first.stages['d-fine'].counts ?? {};
  expect(counts.frames).toBe(FRAMES);
  expect(counts.annotated).toBeGreaterThan(0);
  expect(counts.annotated + (counts['skipped near-duplicate'] ?? 0) + (counts['skipped dark'] ?? 0)).toBe(FRAMES);
  expect(counts['provider cpu']).toBe(counts.annotated);

  const again = await run(ws, { model: 'det', select: curated });
  expect(again.stages['d-fine']).toMatchObject({ computed: 0, skipped: 1, counts }); // reused partitions count too
  const inspected = await inspectJob(ws, again.jobId);
  expect(inspected.frameCounts['d-fine']).toEqual(counts);

  // Same name, same path, same config: only the file's content (and so its sha256) differs.
  await fs.copyFile(path.join(tmp, 'car.onnx'), model);
  await new ModelRegistry(ws).add('det', model, { replace: true });
  const swapped = await run(ws, { model: 'det', select: curated });
  expect(swapped.state).toBe('SUCCEEDED');
  expect(swapped.stages['d-fine']).toMatchObject({ computed: 1, skipped: 0 });
  expect(swapped.stages['dedup-features']).toMatchObject({ computed: 0, skipped: 1 });
  expect(await categories(ws, path.join(tmp, 'ex-2'))).toEqual(['car']);

  // The file changes again without being registered: the run refuses it at load rather than key a stale digest.
  await fs.copyFile(path.join(tmp, 'person.onnx'), model);
  await expect(run(ws, { model: 'det' })).rejects.toMatchObject({
    code: 'WINNOW_STAGE_SETUP',
    details: { stage: 'd-fine', stageCode: 'ANNOTATE_MODEL_DIGEST' },
    message: expect.stringMatching(/d-fine model "det": .*det\.onnx has sha256/),
  });
});

test('a missing model fails the run at load, naming the model and what was expected', async () => {
  const ws = path.join(tmp, 'ws-missing');
  await expect(run(ws, { model: 'nobody' })).rejects.toMatchObject({
    code: 'WINNOW_STAGE_SETUP',
    details: { stage: 'd-fine', stageCode: 'ANNOTATE_MODEL_NOT_FOUND' },
    message: expect.stringMatching(/d-fine model "nobody" is not registered in .*expected a d-fine-native or d-fine-hf ONNX model/),
  });
  await expect(run(ws, { model: path.join(tmp, 'person.onnx'), cascadeModel: path.join(tmp, 'gone.onnx') })).rejects.toMatchObject({
    code: 'WINNOW_STAGE_SETUP',
    details: { stage: 'd-fine', stageCode: 'ANNOTATE_MODEL_NOT_FOUND' },
    message: expect.stringMatching(/d-fine cascadeModel ".*gone\.onnx": model file .* does not exist/),
  });
  await expect(fs.readdir(path.join(ws, 'state/v2/streams'))).rejects.toMatchObject({ code: 'ENOENT' }); // nothing was ingested
});

test.each([0, 1])('a model that is not the expected export fails the batch with that error, not every frame (GPU workers: %i)', async (gpuWorkers) => {
  const ws = path.join(tmp, `ws-fatal-${gpuWorkers}`);
  const summary = await run(ws, { model: path.join(tmp, 'sam2-enc.onnx') }, { gpuWorkers });
  expect(summary.state).not.toBe('SUCCEEDED');
  expect(summary.stages['d-fine']).toMatchObject({ computed: 0, failed: 1 });
  expect(Object.keys(summary.stages)).toEqual(['d-fine']); // every frame selected: no curation feature is computed for it
  // The batch (one task for every batch stage of these frames) failed with the model's error, after its retries.
  expect(summary.failures).toContainEqual(expect.objectContaining({ stage: 'd-fine', start: 0, end: FRAMES - 1, message: expect.stringMatching(/sam2-enc\.onnx is a sam2-encoder model.*needs one of: d-fine-native, d-fine-hf/) }));
});

test('with a GPU worker, the detector gets its frames in batches and the segmenter, a pass later, its frames with boxes; the annotations are those of the CPU workers', async () => {
  const registry = await bundledRegistry(['stage-blur', 'stage-darkness', 'stage-dedup', 'stage-d-fine', 'stage-sam2']);
  const config = (gpuWorkers: number) => ({
    stages: ['d-fine', 'sam2'],
    workers: 1,
    gpuWorkers,
    batchSize: FRAMES,
    'd-fine': { model: path.join(tmp, 'person.onnx'), select: { frames: 'all' }, batch: 3 },
    sam2: { encoder: path.join(tmp, 'sam2-enc.onnx'), decoder: path.join(tmp, 'sam2-dec.onnx') },
  });
  const annotations = async (ws: string) => {
    const out = path.join(ws, 'export');
    await runExport({ workspace: ws, format: 'jsonl', outDir: out, registry, logger: quiet });
    return (await fs.readFile(path.join(out, 'cam.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => { const r = JSON.parse(l); return [r['d-fine'], r.sam2]; });
  };
  const inThreads = await runPipeline({ inputs: [stream], config: config(0), workspace: path.join(tmp, 'ws-cpu'), registry, logger: quiet });
  const inProcess = await runPipeline({ inputs: [stream], config: config(1), workspace: path.join(tmp, 'ws-gpu'), registry, logger: quiet });
  expect(inThreads.gpu).toBeNull();
  expect(inProcess.state).toBe('SUCCEEDED');
  // One chunk per pass: the detector's, then the segmenter's (it settles frames without boxes first: none here).
  expect(inProcess.gpu).toMatchObject({ size: 1, started: 1, tasks: 2, frames: 2 * FRAMES, failed: 0 });
  expect(inProcess.stages['d-fine'].counts).toEqual(inThreads.stages['d-fine'].counts);
  const expected = await annotations(path.join(tmp, 'ws-cpu'));
  expect(expected.every(([det, seg]) => det.objects.length > 0 && seg.objects.length === det.objects.length)).toBe(true);
  expect(await annotations(path.join(tmp, 'ws-gpu'))).toEqual(expected);
});
