import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { fakeSam2Decoder, fakeSam2Encoder } from '../../plugins/annotate-common/src/testing/fake-models';
import { winnow } from '../helpers/cli';

// Real YOLOX-Nano weights are test data outside git: used only when WINNOW_SHARED_DIR points at them.
const shared = process.env.WINNOW_SHARED_DIR;
const weights = shared ? path.join(shared, 'models', 'yolox_nano.onnx') : '';
const clip = shared ? path.join(shared, '..', 'corpus', 'vtest') : '';
const haveWeights = Boolean(weights) && existsSync(weights);
if (!haveWeights) console.log(`SKIPPED annotate-yolox end-to-end: no YOLOX-Nano weights (${shared ? `${weights} is absent` : 'WINNOW_SHARED_DIR is not set'})`);
const maybe = haveWeights ? test : test.skip;

let tmp: string;
let stream: string;
let ws: string;
let fromClip = false;
const FRAMES = 24;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-annotate-e2e-'));
  stream = path.join(tmp, 'street');
  ws = path.join(tmp, 'ws');
  await fs.mkdir(stream, { recursive: true });
  fromClip = Boolean(clip) && existsSync(path.join(clip, `image_${FRAMES - 1}.jpg`));
  if (!fromClip) console.log(`annotate-yolox: the street clip is absent (${clip || 'no WINNOW_SHARED_DIR'}); using synthetic frames (no people to find)`);
  for (let i = 0; i < FRAMES; i++) {
    const target = path.join(stream, `image_${i}.jpg`);
    if (fromClip) await fs.copyFile(path.join(clip, `image_${i}.jpg`), target);
    else await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 40 + (i % 4) * 50, g: 90, b: 120 } } }).jpeg().toFile(target);
  }
  await fs.writeFile(path.join(tmp, 'sam2-enc.onnx'), fakeSam2Encoder());
  await fs.writeFile(path.join(tmp, 'sam2-dec.onnx'), fakeSam2Decoder());
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

maybe('real YOLOX-Nano through the whole path: registry, detector, SAM 2 step (fake segmenter), COCO, YOLO and review exports', async () => {
  const add = await winnow(['models', 'add', 'yolox-nano', weights, '--workspace', ws, '--json']);
  expect(add.code).toBe(0);
  expect(JSON.parse(add.stdout)).toMatchObject({ name: 'yolox-nano', kind: 'yolox', sha256: '695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14' });
  const refused = await winnow(['models', 'add', 'enc', path.join(tmp, 'sam2-enc.onnx'), '--expect', 'yolox', '--workspace', ws, '--json']);
  expect(refused.code).not.toBe(0);
  expect(refused.stdout).toMatch(/ANNOTATE_MODEL_MISMATCH/);
  for (const [n, f] of [['sam2-enc', 'sam2-enc.onnx'], ['sam2-dec', 'sam2-dec.onnx']]) expect((await winnow(['models', 'add', n, path.join(tmp, f), '--workspace', ws])).code).toBe(0);
  const list = JSON.parse((await winnow(['models', 'list', '--workspace', ws, '--json'])).stdout);
  expect(list.models.map((m: { name: string }) => m.name)).toEqual(['sam2-dec', 'sam2-enc', 'yolox-nano']);

  const config = path.join(tmp, 'pipeline.json');
  await fs.writeFile(config, JSON.stringify({ stages: ['yolox', 'sam2'], workers: 1, yolox: { model: 'yolox-nano' }, sam2: { encoder: 'sam2-enc', decoder: 'sam2-dec' } }));
  const run = await winnow(['run', '--input', stream, '--workspace', ws, '--config', config, '--json']);
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout).stages.yolox.computed).toBe(1);
  // Names resolve through the registry of --workspace (no workspace in the stage config); unchanged models: all cached.
  const rerun = await winnow(['run', '--input', stream, '--workspace', ws, '--config', config, '--json']);
  expect(rerun.code).toBe(0);
  expect(JSON.parse(rerun.stdout).stages).toMatchObject({ yolox: { computed: 0, skipped: 1 }, sam2: { computed: 0, skipped: 1 } });

  const out = path.join(tmp, 'jsonl');
  expect((await winnow(['export', '--workspace', ws, '--format', 'jsonl', '--out', out])).code).toBe(0);
  const rows = (await fs.readFile(path.join(out, 'street.frames.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  expect(rows).toHaveLength(FRAMES);
  const selected = rows.filter((r) => r.yolox.selected);
  console.log(`annotate-yolox: ${selected.length} of ${FRAMES} frames got inference (${FRAMES - selected.length} skipped: ${[...new Set(rows.filter((r) => !r.yolox.selected).map((r) => r.yolox.skip))].join(', ')})`);
  expect(selected.length).toBeGreaterThan(0);
  for (const r of rows) expect(r.yolox.error).toBeUndefined();
  if (fromClip) {
    const people = selected.flatMap((r) => r.sam2.objects.filter((o: { category: string }) => o.category === 'person'));
    expect(people.length).toBeGreaterThanOrEqual(selected.length);
    expect(Math.max(...people.map((o: { score: number }) => o.score))).toBeGreaterThan(0.7);
    expect(people[0]).toMatchObject({ category_id: 1, model: { name: 'yolox-nano', sha256: expect.stringMatching(/^695e75/) }, mask: { size: [576, 768] }, confirmed: true });
    expect(selected.length).toBeLessThan(FRAMES); // a fixed street camera: near-duplicates are not re-annotated
  }

  const coco = path.join(tmp, 'coco');
  expect((await winnow(['export', '--workspace', ws, '--format', 'coco', '--out', coco])).code).toBe(0);
  const doc = JSON.parse(await fs.readFile(path.join(coco, 'instances.json'), 'utf8'));
  expect(doc.images).toHaveLength(selected.length);
  const yolo = path.join(tmp, 'yolo');
  expect((await winnow(['export', '--workspace', ws, '--format', 'yolo', '--out', yolo])).code).toBe(0);
  expect(await fs.readFile(path.join(yolo, 'data.yaml'), 'utf8')).toMatch(/0: "person"/);
  const review = path.join(tmp, 'review');
  expect((await winnow(['export', '--workspace', ws, '--format', 'review', '--out', review])).code).toBe(0);
  const tasks = JSON.parse(await fs.readFile(path.join(review, 'tasks.json'), 'utf8'));
  const u = tasks.map((t: { data: { uncertainty: number } }) => t.data.uncertainty);
  expect(u).toEqual([...u].sort((a: number, b: number) => b - a));
});
