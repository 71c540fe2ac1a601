import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { runExport, runPipeline } from '@winnow/core';
import { makeStream } from '../../../test/helpers/cli';
import { bundledRegistry } from '../../../test/helpers/registry';
import { sha256File } from './clip-model';
import { cosine, decodeEmbedding } from '@winnow/fingerprint';
import { fakeClip } from './testing/fake-clip';

/**
 * Both stages end to end through core's real runPipeline (worker threads, the built plugin hooks), with a fake
 * CLIP image encoder that has the real export's names, dtypes and dims (built here, marked fake in its metadata).
 */
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let tmp: string;
let stream: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-clip-e2e-'));
  const a = path.join(tmp, 'scene_a');
  const b = path.join(tmp, 'scene_b');
  // Frames 0-5 of a 30-frame demo stream are plain frames (its injected problems sit later).
  await makeStream(a, ['--frames', '30', '--width', '480', '--height', '270', '--seed', '3']);
  await makeStream(b, ['--frames', '30', '--width', '480', '--height', '270', '--seed', '9']);
  stream = path.join(tmp, 'cam');
  await fs.mkdir(stream);
  for (let k = 0; k < 6; k++) await fs.copyFile(path.join(a, `image_${k}.jpg`), path.join(stream, `image_${k}.jpg`));
  await sharp(path.join(a, 'image_0.jpg')).jpeg({ quality: 70 }).toFile(path.join(stream, 'image_6.jpg')); // re-encoded copy of 0
  await fs.copyFile(path.join(a, 'image_2.jpg'), path.join(stream, 'image_7.jpg')); // byte copy of 2
  for (let k = 0; k < 4; k++) await fs.copyFile(path.join(b, `image_${k}.jpg`), path.join(stream, `image_${8 + k}.jpg`)); // another scene
  await sharp(path.join(b, 'image_1.jpg')).jpeg({ quality: 60 }).toFile(path.join(stream, 'image_12.jpg')); // re-encoded copy of 9
});
afterAll(() => (process.env.KEEP_TMP ? undefined : fs.rm(tmp, { recursive: true, force: true })));

async function rowsOf(ws: string, registry: Awaited<ReturnType<typeof bundledRegistry>>, name: string) {
  const out = path.join(ws, 'export');
  await runExport({ workspace: ws, format: 'jsonl', outDir: out, registry, logger: quiet, force: true }); // each call: the newest job
  return (await fs.readFile(path.join(out, `${name}.frames.jsonl`), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
}

test('clip-embed and dedup-semantic through runPipeline: re-encoded copies ~1, other scenes lower, dedup pairs re-checked', async () => {
  const model = path.join(tmp, 'fake-clip.onnx');
  await fs.writeFile(model, fakeClip());
  const registry = await bundledRegistry(['stage-dedup', 'stage-clip']);
  const ws = path.join(tmp, 'ws');
  const config = { stages: ['dedup-semantic'], batchSize: 8, 'clip-embed': { model } };
  const summary = await runPipeline({ inputs: [stream], config, workspace: ws, registry, logger: quiet });
  expect(summary.failures).toEqual([]);
  expect(summary.state).toBe('SUCCEEDED');
  expect(summary.stages['clip-embed']).toMatchObject({ computed: 2, failed: 0 });
  expect(summary.stages['dedup-semantic']).toMatchObject({ computed: 1 });

  const rows = await rowsOf(ws, registry, 'cam');
  const by = new Map(rows.map((r) => [r.frame_idx, r]));
  const sha = await sha256File(model);
  for (const r of rows) expect(r['clip-embed']).toMatchObject({ encoding: 'int8', dim: 512, model_sha256: sha });
  const emb = (k: number) => decodeEmbedding(by.get(k)['clip-embed']);
  const sim = (i: number, j: number) => cosine(emb(i), emb(j));
  const figures = { reencoded: sim(6, 0), reencodedB: sim(12, 9), byteCopy: sim(7, 2), sameSceneNext: sim(1, 0), otherScene: sim(8, 0) };
  expect(figures.reencoded).toBeGreaterThan(0.999);
  expect(figures.reencodedB).toBeGreaterThan(0.999);
  expect(figures.byteCopy).toBeCloseTo(1, 6);
  expect(figures.otherScene).toBeLessThan(0.9);

  const semantic = (k: number) => by.get(k)['dedup-semantic'];
  // dedup confirms the byte copy and the re-encodings; CLIP agrees and reports the similarity.
  expect(by.get(7).dedup).toMatchObject({ exact_of: 2 });
  expect(semantic(7)).toMatchObject({ dedup_of: 2, semantic_of: 2, agrees_with_dedup: true });
  expect(by.get(6).dedup.near_of).toBe(0);
  expect(semantic(6)).toMatchObject({ dedup_of: 0, semantic_of: 0, agrees_with_dedup: true });
  expect(semantic(6).similarity).toBeGreaterThan(0.999);
  expect(by.get(12).dedup.near_of).toBe(9);
  expect(semantic(12)).toMatchObject({ dedup_of: 9, agrees_with_dedup: true });
  // The first frame of another scene is new for both.
  expect(by.get(8).dedup.near_of).toBeNull();
  expect(semantic(8)).toMatchObject({ semantic_of: null, agrees_with_dedup: true, dedup_of: null });
  expect(semantic(8).similarity).toBeLessThan(0.9);
  // Later frames of the same fixed scene (a small object moves): dedup does not confirm them; the fake encoder,
  // which sees only an 8 x 8 average of the picture, calls them duplicates of the scene's first frame.
  for (const k of [1, 2, 3, 4, 5]) expect(semantic(k)).toMatchObject({ semantic_of: 0, agrees_with_dedup: false, dedup_of: null });
  for (const k of [9, 10, 11]) expect(semantic(k)).toMatchObject({ semantic_of: 8, agrees_with_dedup: false, dedup_of: null });
  expect(semantic(0)).toEqual({ semantic_of: null, similarity: null, agrees_with_dedup: true, dedup_of: null });
  // dedup's decisions are untouched: the same as a run of dedup alone. (Its z values differ slightly: the host
  // decodes each frame once at the largest size any stage asks for, here clip-embed's 448, and derives
  // dedup-features' 256 view from that decode instead of from a 256 one.)
  const alone = await runPipeline({ inputs: [stream], config: { stages: ['dedup'], batchSize: 8 }, workspace: path.join(tmp, 'ws-dedup'), registry, logger: quiet });
  expect(alone.state).toBe('SUCCEEDED');
  const aloneRows = await rowsOf(path.join(tmp, 'ws-dedup'), registry, 'cam');
  const decisions = (rs: { dedup: Record<string, unknown> }[]) => rs.map((r) => [r.dedup.exact_of, r.dedup.near_of, r.dedup.group]);
  expect(decisions(aloneRows)).toEqual(decisions(rows));

  // A rerun is cached; another file at the same path is a new cache key (its sha256 is in the fingerprint).
  const again = await runPipeline({ inputs: [stream], config, workspace: ws, registry, logger: quiet });
  expect(again.stages['clip-embed']).toMatchObject({ computed: 0 });
  expect(again.stages['dedup-semantic']).toMatchObject({ computed: 0 });
  await fs.writeFile(model, fakeClip({ seed: 7 }));
  const swapped = await runPipeline({ inputs: [stream], config, workspace: ws, registry, logger: quiet });
  expect(swapped.stages['clip-embed']).toMatchObject({ computed: 2 });
  expect(swapped.stages['dedup-semantic']).toMatchObject({ computed: 1 });
  const swappedRows = await rowsOf(ws, registry, 'cam');
  expect(swappedRows[0]['clip-embed'].model_sha256).toBe(await sha256File(model));
});

test('a model with a wrong input name or shape, or none at all, fails the run at load naming the file', async () => {
  const registry = await bundledRegistry(['stage-dedup', 'stage-clip']);
  const ws = path.join(tmp, 'ws-bad');
  const wrongName = path.join(tmp, 'wrong-name.onnx');
  await fs.writeFile(wrongName, fakeClip({ inputName: 'images' }));
  const wrongShape = path.join(tmp, 'wrong-shape.onnx');
  await fs.writeFile(wrongShape, fakeClip({ size: 256 }));
  const run = (model: string | undefined) => runPipeline({ inputs: [stream], config: { stages: ['dedup-semantic'], 'clip-embed': model === undefined ? {} : { model } }, workspace: ws, registry, logger: quiet });
  await expect(run(wrongName)).rejects.toThrow(/stage clip-embed cannot start: CLIP_MODEL_MISMATCH: .*wrong-name\.onnx is not a CLIP image encoder this stage can run: no input named pixel_values; extra input images/);
  await expect(run(wrongShape)).rejects.toThrow(/wrong-shape\.onnx is not a CLIP image encoder .*pixel_values dim 2 is 256, expected 224.*found inputs pixel_values float32 \[N,3,256,256\]/);
  await expect(run(undefined)).rejects.toThrow(/CLIP_MODEL_MISSING: clip-embed needs config "model"/);
});
