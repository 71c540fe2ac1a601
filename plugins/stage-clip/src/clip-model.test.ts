/** @jest-environment ./test/ort-environment.js */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkClipSignature, ClipErrorCode, clipModel, openClipModel, releaseClipModels, resolveClipModel, sha256File, type Signature } from './clip-model';
import { cosine, l2Normalise } from '@winnow/fingerprint';
import { clipPixelValues } from './preprocess';
import { fakeClip } from './testing/fake-clip';

let tmp: string;
const cpu = { provider: 'cpu' as const, threads: 1 };

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'winnow-clip-model-'));
});
afterAll(async () => {
  await releaseClipModels();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function write(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(tmp, name);
  await fs.writeFile(file, bytes);
  return file;
}

const real: Signature = { inputs: [{ name: 'pixel_values', type: 'float32', shape: ['batch_size', 3, 224, 224] }], outputs: [{ name: 'image_embeds', type: 'float32', shape: ['batch_size', 512] }, { name: 'last_hidden_state', type: 'float32', shape: ['batch_size', 50, 768] }] };

describe('checkClipSignature', () => {
  test('accepts the optimum / transformers.js vision export (symbolic batch, extra outputs) and reads D', () => {
    expect(checkClipSignature(real, '/m/vision_model.onnx')).toEqual({ dim: 512 });
    expect(checkClipSignature({ ...real, outputs: [{ name: 'image_embeds', type: 'float32', shape: ['N', 'D'] }] }, 'f')).toEqual({ dim: null });
  });
  test.each([
    ['a full text+image export', { inputs: [{ name: 'input_ids', type: 'int64', shape: ['B', 'S'] }, ...real.inputs], outputs: real.outputs }, /extra input input_ids \(a full text\+image CLIP export/],
    ['a vision tower without projection', { inputs: real.inputs, outputs: [{ name: 'pooler_output', type: 'float32', shape: ['B', 768] }] }, /no output named image_embeds \(a vision tower without the projection/],
    ['a float16 export', { inputs: [{ name: 'pixel_values', type: 'float16', shape: ['B', 3, 224, 224] }], outputs: real.outputs }, /pixel_values is float16, expected float32/],
    ['a 336-pixel model', { inputs: [{ name: 'pixel_values', type: 'float32', shape: ['B', 3, 336, 336] }], outputs: real.outputs }, /pixel_values dim 2 is 336, expected 224; pixel_values dim 3 is 336, expected 224/],
    ['NHWC', { inputs: [{ name: 'pixel_values', type: 'float32', shape: ['B', 224, 224, 3] }], outputs: real.outputs }, /dim 1 is 224, expected 3/],
  ])('refuses %s, naming the file, what it expected and what it found', (_what, sig, why) => {
    expect(() => checkClipSignature(sig as Signature, '/models/x.onnx')).toThrow(why);
    try {
      checkClipSignature(sig as Signature, '/models/x.onnx');
    } catch (e) {
      expect(e).toMatchObject({ code: ClipErrorCode.ModelMismatch, fatal: true });
      expect((e as Error).message).toMatch(/^\/models\/x\.onnx is not a CLIP image encoder this stage can run: .*Expected input pixel_values float32 \[N,3,224,224\] -> output image_embeds float32 \[N,D\].*; found inputs /);
    }
  });
});

describe('loading with onnxruntime', () => {
  test('the fake loads, is checked, and gives near-identical embeddings to near-identical pictures', async () => {
    const file = await write('fake-clip.onnx', fakeClip());
    const model = await clipModel({ model: file, ...cpu });
    expect(model).toMatchObject({ file, sha256: await sha256File(file), provider: 'cpu', dim: 512 });
    expect(await clipModel({ model: file, ...cpu })).toBe(model); // one session per worker and content
    const w = 320;
    const h = 240;
    const scene = (seed: number, noise: number) => {
      const d = new Uint8Array(w * h * 3);
      let s = seed;
      for (let i = 0; i < d.length; i++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        const px = Math.floor(i / 3);
        const base = 128 + 100 * Math.sin(((px % w) / w) * 6 * (1 + (seed % 3)) + seed) * Math.cos((Math.floor(px / w) / h) * 4 + seed);
        d[i] = Math.max(0, Math.min(255, base + (i % 3) * 10 + ((s / 4294967296) * 2 - 1) * noise));
      }
      return { width: w, height: h, channels: 3 as const, data: d };
    };
    const [a] = await model.embed(clipPixelValues(scene(1, 0)));
    const [a2] = await model.embed(clipPixelValues(scene(1, 12)));
    const [b] = await model.embed(clipPixelValues(scene(2, 0)));
    expect(a.length).toBe(512);
    const sim = (x: Float32Array, y: Float32Array) => cosine(l2Normalise(x).unit, l2Normalise(y).unit);
    expect(sim(a, a2)).toBeGreaterThan(0.99);
    expect(sim(a, b)).toBeLessThan(0.8);
    // Two pictures in one call give what they give one by one.
    const both = new Float32Array(2 * 3 * 224 * 224);
    both.set(clipPixelValues(scene(1, 0)));
    both.set(clipPixelValues(scene(2, 0)), 3 * 224 * 224);
    const [x, y] = await model.embed(both, 2);
    expect(sim(x, a)).toBeCloseTo(1, 5);
    expect(sim(y, b)).toBeCloseTo(1, 5);
  });

  test.each([
    ['a wrong input name', { inputName: 'images' }, /wrong-input\.onnx is not a CLIP image encoder this stage can run: no input named pixel_values; extra input images\. .*found inputs images float32 \[N,3,224,224\] -> outputs image_embeds float32 \[N,512\]/],
    ['a wrong input size', { size: 256 }, /wrong-size\.onnx is not a CLIP image encoder .*pixel_values dim 2 is 256, expected 224.*found inputs pixel_values float32 \[N,3,256,256\]/],
    ['a float16 input', { inputType: 'float16' as const }, /wrong-type\.onnx is not a CLIP image encoder .*pixel_values is float16, expected float32/],
    ['a wrong output name', { outputName: 'embeddings' }, /wrong-output\.onnx is not a CLIP image encoder .*no output named image_embeds/],
  ])('a fake with %s fails loudly, naming the file', async (what, opts, why) => {
    const name = { 'a wrong input name': 'wrong-input', 'a wrong input size': 'wrong-size', 'a float16 input': 'wrong-type', 'a wrong output name': 'wrong-output' }[what as string];
    const file = await write(`${name}.onnx`, fakeClip(opts));
    await expect(clipModel({ model: file, ...cpu })).rejects.toThrow(why);
    await expect(openClipModel(file, 'x', cpu)).rejects.toMatchObject({ code: ClipErrorCode.ModelMismatch, fatal: true });
  });

  test('a missing file, no model at all, a pinned digest that does not match, and a file that is not ONNX', async () => {
    await expect(resolveClipModel('')).rejects.toThrow(/clip-embed needs config "model": the path of a CLIP image-encoder ONNX file/);
    await expect(resolveClipModel(path.join(tmp, 'nope.onnx'))).rejects.toThrow(/CLIP model file .*nope\.onnx does not exist/);
    const file = await write('pinned.onnx', fakeClip());
    const sha = await sha256File(file);
    await expect(resolveClipModel(file, sha)).resolves.toEqual({ file, sha256: sha });
    await expect(resolveClipModel(file, '0'.repeat(64))).rejects.toThrow(new RegExp(`pinned\\.onnx has sha256 ${sha}, expected 0{64}`));
    const junk = await write('junk.onnx', new TextEncoder().encode('not a model'));
    await expect(clipModel({ model: junk, ...cpu })).rejects.toThrow(/junk\.onnx is not a loadable ONNX model/);
  });

  test('a different file at the same path gets another digest and another session', async () => {
    const file = path.join(tmp, 'swapped.onnx');
    await fs.writeFile(file, fakeClip({ seed: 1 }));
    const first = await clipModel({ model: file, ...cpu });
    await new Promise((r) => setTimeout(r, 20));
    await fs.writeFile(file, fakeClip({ seed: 2 }));
    const second = await clipModel({ model: file, ...cpu });
    expect(second.sha256).not.toBe(first.sha256);
    expect(second).not.toBe(first);
  });

  test('provider auto falls back to CPU when CUDA cannot be loaded; provider cuda then fails with a clear error', async () => {
    const file = await write('provider.onnx', fakeClip({ seed: 3 }));
    const saved = process.env.CUDA_VISIBLE_DEVICES;
    process.env.CUDA_VISIBLE_DEVICES = '0'; // makes auto try CUDA first
    try {
      const auto = await clipModel({ model: file, provider: 'auto', threads: 1 });
      const cuda = await clipModel({ model: file, provider: 'cuda', threads: 1 }).then(
        (m) => m.provider,
        (e: Error & { code?: string }) => `${e.code}: ${e.message}`,
      );
      if (auto.provider === 'cpu') expect(cuda).toMatch(/^CLIP_INFERENCE: CLIP model .*provider\.onnx: the CUDA execution provider is not usable here/);
      else expect(cuda).toBe('cuda');
    } finally {
      if (saved === undefined) delete process.env.CUDA_VISIBLE_DEVICES;
      else process.env.CUDA_VISIBLE_DEVICES = saved;
    }
  });
});
