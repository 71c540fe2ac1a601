/** @jest-environment ./test/ort-environment.js */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defineDetectorStage } from './detector-stage';
import { AnnotateErrorCode } from './errors';
import { inspectModelFile } from './model-file';
import { ModelRegistry } from './model-registry';
import { loadModel, releaseModels } from './load-model';
import { runDFine, runSam2 } from './run-models';
import { maskBox } from './sam2';
import { segmenterStage } from './segmenter-stage';
import { decodeRle } from './rle';
import type { AnnotationRecord } from './schema';
import { fakeDFineHf, fakeDFineNative, fakeSam2Decoder, fakeSam2Encoder, fakeUnknownModel, type FakeDetection } from './testing/fake-models';

let dir: string;
const file = (n: string) => path.join(dir, n);
const person: FakeDetection = { unitBox: [0.25, 0.25, 0.75, 1], label: 0, score: 0.9 };
const car: FakeDetection = { unitBox: [0, 0.5, 0.5, 0.75], label: 2, score: 0.7 };
const white = (w: number, h: number) => ({ width: w, height: h, channels: 3 as const, data: new Uint8Array(w * h * 3).fill(255) });
const req = { workspace: '.', provider: 'cpu' as const, threads: 1 };

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-annotate-'));
  const write = (n: string, bytes: Uint8Array) => fs.writeFile(file(n), bytes);
  await Promise.all([
    write('dfine.onnx', fakeDFineNative({ detections: [person, car] })),
    write('dfine-hw.onnx', fakeDFineNative({ detections: [person], readsHeightFirst: true })),
    write('dfine-nosizes.onnx', fakeDFineNative({ detections: [person], withoutSizes: true })),
    write('dfine-hf.onnx', fakeDFineHf([person, car])),
    write('dfine-unsure.onnx', fakeDFineNative({ detections: [{ ...person, score: 0.4 }] })),
    write('dfine-large.onnx', fakeDFineNative({ detections: [{ ...person, score: 0.95 }] })),
    write('dfine-large-unsure.onnx', fakeDFineNative({ detections: [{ ...person, score: 0.42 }] })),
    write('sam2-enc.onnx', fakeSam2Encoder()),
    write('sam2-dec.onnx', fakeSam2Decoder()),
    write('sam2-dec-off.onnx', fakeSam2Decoder({ shift: 400, iou: [0.2, 0.3, 0.25] })),
    write('unknown.onnx', fakeUnknownModel()),
  ]);
});
afterAll(async () => {
  await releaseModels();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('recognising exports by their signature', () => {
  test.each([
    ['dfine.onnx', 'd-fine-native'],
    ['dfine-hf.onnx', 'd-fine-hf'],
    ['sam2-enc.onnx', 'sam2-encoder'],
    ['sam2-dec.onnx', 'sam2-decoder'],
  ])('%s is %s, with its sha256 and names, dtypes and dims from the session', async (name, kind) => {
    const info = await inspectModelFile(file(name));
    expect(info.kind).toBe(kind);
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the D-FINE signature is read exactly: images float32 [N,3,640,640], orig_target_sizes int64 [N,2]', async () => {
    const info = await inspectModelFile(file('dfine.onnx'));
    expect(info.signature.inputs).toEqual([
      { name: 'images', type: 'float32', shape: ['N', 3, 640, 640] },
      { name: 'orig_target_sizes', type: 'int64', shape: ['N', 2] },
    ]);
    expect(info.signature.outputs.map((o) => `${o.name}:${o.type}`)).toEqual(['labels:int64', 'boxes:float32', 'scores:float32']);
  });

  test('a file that matches no export is refused with what was expected and what was found', async () => {
    await expect(inspectModelFile(file('unknown.onnx'))).rejects.toMatchObject({ code: AnnotateErrorCode.ModelMismatch, message: expect.stringMatching(/Found: inputs x float32 \[1,8\].*expects/) });
  });

  test('a D-FINE export missing orig_target_sizes is refused, naming the missing input', async () => {
    await expect(inspectModelFile(file('dfine-nosizes.onnx'))).rejects.toMatchObject({ code: AnnotateErrorCode.ModelMismatch, message: expect.stringMatching(/d-fine-native.*missing input orig_target_sizes/) });
  });

  test('a missing file and a non-ONNX file fail loudly', async () => {
    await expect(inspectModelFile(file('nope.onnx'))).rejects.toMatchObject({ code: AnnotateErrorCode.ModelNotFound });
    await fs.writeFile(file('text.onnx'), 'not a model');
    await expect(inspectModelFile(file('text.onnx'))).rejects.toMatchObject({ code: AnnotateErrorCode.ModelMismatch });
  });
});

describe('the model registry', () => {
  test('add records sha256 and kind; names resolve; a changed file or a wrong kind is refused', async () => {
    const ws = path.join(dir, 'ws');
    const reg = new ModelRegistry(ws);
    const entry = await reg.add('dfine-s', file('dfine.onnx'));
    expect(entry).toMatchObject({ name: 'dfine-s', kind: 'd-fine-native', family: 'detector' });
    expect((await reg.list()).map((m) => m.name)).toEqual(['dfine-s']);
    await expect(reg.add('enc', file('sam2-enc.onnx'), { expect: 'sam2-decoder' })).rejects.toMatchObject({ code: AnnotateErrorCode.ModelMismatch, message: expect.stringMatching(/sam2-encoder.*expected sam2-decoder/) });
    await expect(reg.add('Bad Name', file('dfine.onnx'))).rejects.toMatchObject({ code: AnnotateErrorCode.Registry });
    const m = await loadModel({ ...req, workspace: ws, model: 'dfine-s', kinds: ['d-fine-native'] });
    expect(m.ref).toMatchObject({ name: 'dfine-s', sha256: entry.sha256 });
    await expect(loadModel({ ...req, workspace: ws, model: 'dfine-s', sha256: '0'.repeat(64), kinds: ['d-fine-native'] })).rejects.toMatchObject({ code: AnnotateErrorCode.ModelDigest });
    await expect(loadModel({ ...req, workspace: ws, model: 'nobody', kinds: ['d-fine-native'] })).rejects.toMatchObject({ code: AnnotateErrorCode.ModelNotFound, suggestions: expect.arrayContaining([expect.stringContaining("winnow models add nobody")]) });
    await expect(loadModel({ ...req, workspace: ws, model: file('sam2-enc.onnx'), kinds: ['d-fine-native'] })).rejects.toMatchObject({ code: AnnotateErrorCode.ModelMismatch });
  });
});

describe('D-FINE through the real adapters', () => {
  test('native: boxes in original pixels from orig_target_sizes [W, H], COCO labels, scores from the image', async () => {
    const m = await loadModel({ ...req, model: file('dfine.onnx'), kinds: ['d-fine-native'] });
    const [dets] = await runDFine(m, [{ view: white(320, 240), original: { width: 640, height: 480 } }], { scoreThreshold: 0.3 });
    expect(dets.map((d) => d.box)).toEqual([
      [160, 120, 480, 480],
      [0, 240, 320, 360],
    ]);
    expect(dets[0].score).toBeCloseTo(0.9, 3);
    const [dark] = await runDFine(m, [{ view: { ...white(320, 240), data: new Uint8Array(320 * 240 * 3).fill(100) }, original: { width: 640, height: 480 } }], { scoreThreshold: 0.3 });
    expect(dark.map((d) => d.label)).toEqual([0]); // 0.9 x 100/255 kept, 0.7 x 100/255 dropped
  });

  test('a model that reads the sizes as [H, W] fails loudly instead of returning stretched boxes', async () => {
    const m = await loadModel({ ...req, model: file('dfine-hw.onnx'), kinds: ['d-fine-native'] });
    await expect(runDFine(m, [{ view: white(320, 240), original: { width: 640, height: 480 } }], { scoreThreshold: 0.3 })).rejects.toMatchObject({
      code: AnnotateErrorCode.ModelOutput,
      message: expect.stringMatching(/outside the 640x480 frame.*\[W, H\]/),
    });
  });

  test('Hugging Face form gives the same boxes', async () => {
    const m = await loadModel({ ...req, model: file('dfine-hf.onnx'), kinds: ['d-fine-hf'] });
    const [dets] = await runDFine(m, [{ view: white(320, 240), original: { width: 640, height: 480 } }], { scoreThreshold: 0.3 });
    expect(dets.map((d) => [d.label, ...d.box.map((v) => Math.round(v))])).toEqual([
      [0, 160, 120, 480, 480],
      [2, 0, 240, 320, 360],
    ]);
  });
});

test('frames in one batch get what each gets alone, with their own sizes, in as many inferences as the batch limit allows', async () => {
  const m = await loadModel({ ...req, model: file('dfine.onnx'), kinds: ['d-fine-native'] });
  const grey = (v: number) => ({ ...white(320, 240), data: new Uint8Array(320 * 240 * 3).fill(v) });
  const frames = [
    { view: white(320, 240), original: { width: 640, height: 480 } },
    { view: grey(100), original: { width: 1280, height: 720 } },
    { view: grey(200), original: { width: 320, height: 240 } },
  ];
  const alone = [];
  for (const f of frames) alone.push(...(await runDFine(m, [f], { scoreThreshold: 0.3 })));
  const run = jest.spyOn(m.session, 'run');
  try {
    expect(await runDFine(m, frames, { scoreThreshold: 0.3, batch: 8 })).toEqual(alone);
    expect(run).toHaveBeenCalledTimes(1);
    expect(await runDFine(m, frames, { scoreThreshold: 0.3, batch: 2 })).toEqual(alone);
    expect(run).toHaveBeenCalledTimes(3);
  } finally {
    run.mockRestore();
  }
  expect(alone[1].map((d) => d.box)).toEqual([[320, 180, 960, 720]]); // each frame's boxes in its own pixels
});

describe('SAM 2 through the real adapters', () => {
  test('a box prompt yields a mask of that box in original pixels', async () => {
    const enc = await loadModel({ ...req, model: file('sam2-enc.onnx'), kinds: ['sam2-encoder'] });
    const dec = await loadModel({ ...req, model: file('sam2-dec.onnx'), kinds: ['sam2-decoder'] });
    const [r] = await runSam2(enc, dec, white(300, 200), { width: 600, height: 400 }, [[100, 50, 300, 350]]);
    expect(r.score).toBeCloseTo(0.9);
    const b = maskBox(r.mask, 600, 400)!;
    [100, 50, 300, 350].forEach((v, i) => expect(Math.abs(b[i] - v)).toBeLessThanOrEqual(3));
  });
});

const ctx = <C>(config: C, workspace = path.join(dir, 'no-ws')) => ({ config, stream: { id: 's1', name: 's1' }, signal: new AbortController().signal, logger: { debug() {}, info() {}, warn() {}, error() {} }, workspace });
const select = { frames: 'all' as const };
const detConfig = (over: Record<string, unknown>) => ({ sha256: '', scoreThreshold: 0.3, nmsIou: 0.45, uncertainLow: 0.3, uncertainHigh: 0.5, cascadeModel: '', cascadeSha256: '', select, provider: 'cpu' as const, threads: 1, ...over }) as never;
const frameOf = (index: number, inputs: Record<string, unknown> = {}) => ({ index, path: `image_${index}.jpg`, blake3: 'b'.repeat(64), width: 640, height: 480, views: { rgb: white(320, 240) }, inputs }) as never;

describe('the agentic policy', () => {
  const stage = defineDetectorStage({ name: 'd-fine', version: '0.1.0', description: '', kinds: ['d-fine-native'], viewMaxSide: 640, run: runDFine });

  test('an uncertain frame is re-annotated by the cascade model; resolved, it leaves the review queue', async () => {
    const rec = (await stage.measure(frameOf(0), ctx(detConfig({ model: file('dfine-unsure.onnx'), cascadeModel: file('dfine-large.onnx') })))) as AnnotationRecord;
    expect(rec).toMatchObject({ selected: true, models: ['dfine-unsure', 'dfine-large'], review: false, uncertainty: 0 });
    expect(rec.objects).toEqual([expect.objectContaining({ category_id: 1, category: 'person', score: 0.95, box: [160, 120, 480, 480], model: expect.objectContaining({ name: 'dfine-large', kind: 'd-fine-native' }) })]);
  });

  test('still uncertain after the cascade: flagged for review with its reasons', async () => {
    const rec = (await stage.measure(frameOf(0), ctx(detConfig({ model: file('dfine-unsure.onnx'), cascadeModel: file('dfine-large-unsure.onnx') })))) as AnnotationRecord;
    expect(rec.review).toBe(true);
    expect(rec.uncertainty).toBeGreaterThan(0.5);
    expect(rec.reasons.join(' ')).toMatch(/still 1 score/);
  });

  test('boxes SAM 2 cannot confirm send the frame to review; confirmed ones carry an RLE mask', async () => {
    const det = (await stage.measure(frameOf(0), ctx(detConfig({ model: file('dfine.onnx') })))) as AnnotationRecord;
    const segCfg = (decoder: string) => ({ encoder: file('sam2-enc.onnx'), encoderSha256: '', decoder, decoderSha256: '', minMaskScore: 0.5, minBoxIou: 0.5, provider: 'cpu', threads: 1 }) as never;
    const ok = (await segmenterStage.measure(frameOf(0, { detections: det }), ctx(segCfg(file('sam2-dec.onnx'))))) as AnnotationRecord;
    expect(ok.review).toBe(false);
    expect(ok.objects.every((o) => o.confirmed && o.mask)).toBe(true);
    expect(maskBox(decodeRle(ok.objects[0].mask!), 640, 480)).toEqual([160, 120, 480, 480].map((v) => expect.closeTo(v, -0.7)));
    const bad = (await segmenterStage.measure(frameOf(0, { detections: det }), ctx(segCfg(file('sam2-dec-off.onnx'))))) as AnnotationRecord;
    expect(bad.review).toBe(true);
    expect(bad.objects.every((o) => o.confirmed === false)).toBe(true);
    expect(bad.reasons.join(' ')).toMatch(/not confirmed/);
  });

  test('curated selection settles the frames the select stage drops, with its reason and the frame that stands for them, without pixels', () => {
    const cfg = detConfig({ model: file('dfine.onnx'), select: { frames: 'curated' } });
    const f = (index: number, select: Record<string, unknown> | undefined) => ({ index, path: `image_${index}.jpg`, blake3: 'b'.repeat(64), width: 640, height: 480, inputs: (select ? { select } : {}) as Record<string, Record<string, unknown>> });
    const frames = [
      f(100, { keep: true, reason: 'representative', scene: 0, represented_by: null }),
      f(101, { keep: false, reason: 'near-duplicate', scene: 0, represented_by: 100 }),
      f(102, { keep: false, reason: 'dark', scene: 0, represented_by: null }),
      f(103, { keep: false, reason: 'idle', scene: 0, represented_by: 100 }),
      f(104, { keep: false, reason: 'budget', scene: 1, represented_by: null }),
      f(105, undefined),
    ];
    const settled = new Map([...stage.settle!(frames, ctx(cfg))]) as Map<number, AnnotationRecord>;
    expect([...settled].map(([i, r]) => [i, r.selected, r.skip ?? null, r.duplicate_of ?? null])).toEqual([
      [101, false, 'near-duplicate', 100],
      [102, false, 'dark', null],
      [103, false, 'idle', 100],
      [104, false, 'budget', null],
      [105, false, 'not-selected', null],
    ]);
    expect(settled.get(102)).toMatchObject({ width: 640, height: 480, objects: [], models: [] });
    expect([...stage.settle!(frames, ctx(detConfig({ model: 'm', select: { frames: 'all' } })))]).toEqual([]);
  });

  test('reads the select stage only when its selection uses it, so no curation stage runs for it otherwise', () => {
    const inputsFor = (sel: Record<string, unknown>) => stage.inputsFor?.(detConfig({ model: 'm', select: { ...select, ...sel } }));
    expect(inputsFor({ frames: 'all' })).toEqual(['frames']);
    expect(inputsFor({ frames: 'curated' })).toEqual(['frames', 'select']);
    for (const sel of [{ frames: 'all' }, { frames: 'curated' }]) for (const t of inputsFor(sel) ?? []) expect(stage.inputs).toContain(t);
  });

  test('the segmenter settles frames without boxes: their detector record stands, and no pixels are needed', () => {
    const det = (over: Record<string, unknown>) => ({ schema: 'winnow.annotation/1', width: 640, height: 480, selected: true, objects: [], models: ['m'], uncertainty: 0, review: false, reasons: [], ...over });
    const box = { box: [1, 2, 3, 4], category_id: 1, category: 'person', score: 0.9, model: { name: 'm' } };
    const frames = [det({ selected: false, skip: 'dark', models: [] }), det({}), det({ objects: [box] }), { error: { code: 'X', message: 'bad' } }].map((d, index) => ({ index, path: `image_${index}.jpg`, blake3: '', width: 640, height: 480, inputs: { detections: d } }));
    const settled = [...segmenterStage.settle!(frames as never, ctx({} as never))];
    expect(settled.map(([i]) => i)).toEqual([0, 1, 3]);
    expect(settled[0][1]).toBe(frames[0].inputs.detections);
    expect(settled[2][1]).toMatchObject({ error: { code: 'ANNOTATE_NO_DETECTIONS' } });
  });
});

describe('models in the cache key and model failures', () => {
  const stage = defineDetectorStage({ name: 'd-fine', version: '0.1.0', description: '', kinds: ['d-fine-native'], viewMaxSide: 640, run: runDFine });
  const segCfg = (over: Record<string, unknown> = {}) => ({ encoder: 'enc', encoderSha256: '', decoder: 'dec', decoderSha256: '', minMaskScore: 0.5, minBoxIou: 0.5, provider: 'cpu', threads: 1, ...over }) as never;
  let ws: string;
  let sha: Record<string, string>;

  beforeAll(async () => {
    ws = path.join(dir, 'ws-key');
    const reg = new ModelRegistry(ws);
    sha = {};
    for (const [n, f] of [['det', 'dfine.onnx'], ['big', 'dfine-large.onnx'], ['enc', 'sam2-enc.onnx'], ['dec', 'sam2-dec.onnx']]) sha[n] = (await reg.add(n, file(f))).sha256;
  });

  test('the detector fingerprint is the sha256 of every model the config names, cascade included', async () => {
    expect(await stage.fingerprint!(detConfig({ model: 'det' }), { workspace: ws })).toEqual({ 'model:detector': sha.det });
    expect(await stage.fingerprint!(detConfig({ model: 'det', cascadeModel: 'big' }), { workspace: ws })).toEqual({ 'model:detector': sha.det, 'model:cascade': sha.big });
    expect(await stage.fingerprint!(detConfig({ model: file('dfine-large.onnx') }), { workspace: ws })).toEqual({ 'model:detector': sha.big });
    expect(await segmenterStage.fingerprint!(segCfg(), { workspace: ws })).toEqual({ 'model:encoder': sha.enc, 'model:decoder': sha.dec });
  });

  test('a missing model fails the fingerprint, naming the model and what was expected', async () => {
    await expect(stage.fingerprint!(detConfig({ model: 'nobody' }), { workspace: ws })).rejects.toMatchObject({
      code: AnnotateErrorCode.ModelNotFound,
      message: expect.stringMatching(/d-fine model "nobody" is not registered in .*registry\.json.*expected a d-fine-native ONNX model/),
    });
    await expect(stage.fingerprint!(detConfig({ model: 'det', cascadeModel: file('gone.onnx') }), { workspace: ws })).rejects.toMatchObject({
      code: AnnotateErrorCode.ModelNotFound,
      message: expect.stringMatching(/d-fine cascadeModel ".*gone\.onnx": model file .*gone\.onnx does not exist/),
    });
    await expect(segmenterStage.fingerprint!(segCfg({ decoder: 'det' }), { workspace: ws })).rejects.toMatchObject({ code: AnnotateErrorCode.ModelMismatch, message: expect.stringMatching(/sam2 decoder "det" is registered as a d-fine-native model/) });
    await expect(stage.fingerprint!(detConfig({ model: 'det', sha256: '0'.repeat(64) }), { workspace: ws })).rejects.toMatchObject({ code: AnnotateErrorCode.ModelDigest });
  });

  test('a registered file that changed since it was registered fails the fingerprint instead of keying a stale digest', async () => {
    const ws2 = path.join(dir, 'ws-changed');
    await fs.copyFile(file('dfine.onnx'), file('changing.onnx'));
    await new ModelRegistry(ws2).add('det', file('changing.onnx'));
    await fs.copyFile(file('dfine-large.onnx'), file('changing.onnx'));
    await expect(stage.fingerprint!(detConfig({ model: 'det' }), { workspace: ws2 })).rejects.toMatchObject({ code: AnnotateErrorCode.ModelDigest, message: expect.stringMatching(/d-fine model "det": .*changing\.onnx has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}/) });
  });

  test('measure resolves names through the context workspace', async () => {
    const rec = (await stage.measure(frameOf(0), ctx(detConfig({ model: 'det' }), ws))) as AnnotationRecord;
    expect(rec.objects[0].model).toMatchObject({ name: 'det', sha256: sha.det });
  });

  test('a model that cannot be loaded or is the wrong export is a fatal stage error, not a per-frame one', async () => {
    await expect(stage.measure(frameOf(0), ctx(detConfig({ model: file('sam2-enc.onnx') }), ws))).rejects.toMatchObject({ fatal: true, code: AnnotateErrorCode.ModelMismatch, message: expect.stringMatching(/sam2-encoder/) });
    await fs.writeFile(file('garbage.onnx'), 'not a model');
    await expect(stage.measure(frameOf(0), ctx(detConfig({ model: file('garbage.onnx') }), ws))).rejects.toMatchObject({ fatal: true, code: AnnotateErrorCode.ModelMismatch, message: expect.stringMatching(/not a loadable ONNX model/) });
    await expect(stage.measure(frameOf(0), ctx(detConfig({ model: 'nobody' }), ws))).rejects.toMatchObject({ fatal: true, code: AnnotateErrorCode.ModelNotFound });
    const det = (await stage.measure(frameOf(0), ctx(detConfig({ model: 'det' }), ws))) as AnnotationRecord;
    await expect(segmenterStage.measure(frameOf(0, { detections: det }), ctx(segCfg({ encoder: file('dfine.onnx') }), ws))).rejects.toMatchObject({ fatal: true, code: AnnotateErrorCode.ModelMismatch });
  });

  test('a loaded model is opened again when its file changes (a long-lived worker)', async () => {
    await fs.copyFile(file('dfine.onnx'), file('swap.onnx'));
    const a = await loadModel({ ...req, model: file('swap.onnx'), kinds: ['d-fine-native'] });
    expect(await loadModel({ ...req, model: file('swap.onnx'), kinds: ['d-fine-native'] })).toBe(a);
    await fs.copyFile(file('dfine-large.onnx'), file('swap.onnx'));
    const b = await loadModel({ ...req, model: file('swap.onnx'), kinds: ['d-fine-native'] });
    expect(b).not.toBe(a);
    expect(b.ref.sha256).toBe(sha.big);
  });
});
