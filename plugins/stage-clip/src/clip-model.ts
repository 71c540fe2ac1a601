import { createHash } from 'node:crypto';
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { CLIP_SIZE } from './preprocess';

/** Stable codes of the errors this module throws (`code` on the error). */
export const ClipErrorCode = {
  ModelMissing: 'CLIP_MODEL_MISSING',
  ModelDigest: 'CLIP_MODEL_DIGEST',
  ModelMismatch: 'CLIP_MODEL_MISMATCH',
  Inference: 'CLIP_INFERENCE',
} as const;

export type ClipErrorCode = (typeof ClipErrorCode)[keyof typeof ClipErrorCode];

/** An error that makes the stage unusable (not one bad frame): `fatal`, so the host fails the batch with it. */
export class ClipModelError extends Error {
  readonly fatal = true as const;
  constructor(
    readonly code: ClipErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClipModelError';
  }
}

export const CLIP_INPUT = 'pixel_values';
export const CLIP_OUTPUT = 'image_embeds';
export const EXPECTED_SIGNATURE = `input ${CLIP_INPUT} float32 [N,3,${CLIP_SIZE},${CLIP_SIZE}] -> output ${CLIP_OUTPUT} float32 [N,D] (D = 512 for ViT-B/32 and ViT-B/16, 768 for ViT-L/14)`;

export type TensorSpec = { readonly name: string; readonly type: string; readonly shape: readonly (number | string)[] };
export type Signature = { readonly inputs: readonly TensorSpec[]; readonly outputs: readonly TensorSpec[] };

let ort: typeof Ort | null = null;
/** onnxruntime-node on first use only: `winnow --help` and runs without this stage load the hook, not the runtime. */
function loadOrt(): typeof Ort {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ort ??= require('onnxruntime-node') as typeof Ort;
  return ort;
}

/** Names, element types and dims as onnxruntime 1.30 reports them (`inputMetadata`); negative dims read `?`. */
export function signatureOf(session: { readonly inputMetadata: readonly unknown[]; readonly outputMetadata: readonly unknown[] }): Signature {
  const spec = (m: unknown): TensorSpec => {
    const x = m as { name: string; isTensor: boolean; type?: string; shape?: readonly (number | string)[] };
    return { name: x.name, type: x.isTensor ? (x.type ?? 'unknown') : 'non-tensor', shape: x.isTensor ? [...(x.shape ?? [])].map((d) => (typeof d === 'number' && d < 0 ? '?' : d)) : [] };
  };
  return { inputs: session.inputMetadata.map(spec), outputs: session.outputMetadata.map(spec) };
}

export function formatSignature(sig: Signature): string {
  const f = (t: TensorSpec) => `${t.name} ${t.type} [${t.shape.join(',')}]`;
  return `inputs ${sig.inputs.map(f).join('; ') || '(none)'} -> outputs ${sig.outputs.map(f).join('; ') || '(none)'}`;
}

/** What a checked signature tells: the embedding size when the file fixes it (null when symbolic). */
export interface ClipSignature {
  readonly dim: number | null;
}

const fixed = (d: number | string | undefined): d is number => typeof d === 'number';

/**
 * Checks that a session is a CLIP image encoder (vision tower with projection) as exported by Hugging Face
 * optimum / transformers.js (`CLIPVisionModelWithProjection`): exactly one input `pixel_values` float32
 * [N,3,224,224] (symbolic dims accepted) and an output `image_embeds` float32 [N,D]. Throws a
 * `CLIP_MODEL_MISMATCH` error naming the file, what was expected and what it found.
 */
export function checkClipSignature(sig: Signature, file: string): ClipSignature {
  const problems: string[] = [];
  const input = sig.inputs.find((t) => t.name === CLIP_INPUT);
  if (!input) problems.push(`no input named ${CLIP_INPUT}`);
  const others = sig.inputs.filter((t) => t.name !== CLIP_INPUT).map((t) => t.name);
  if (others.length > 0) {
    problems.push(`extra input${others.length > 1 ? 's' : ''} ${others.join(', ')}${others.includes('input_ids') ? ' (a full text+image CLIP export: use the image encoder alone, e.g. vision_model.onnx / CLIPVisionModelWithProjection)' : ''}`);
  }
  if (input) {
    if (input.type !== 'float32') problems.push(`${CLIP_INPUT} is ${input.type}, expected float32`);
    const want = ['N', 3, CLIP_SIZE, CLIP_SIZE];
    if (input.shape.length !== 4) problems.push(`${CLIP_INPUT} has ${input.shape.length} dims [${input.shape.join(',')}], expected 4 [N,3,${CLIP_SIZE},${CLIP_SIZE}]`);
    else for (let i = 1; i < 4; i++) if (fixed(input.shape[i]) && input.shape[i] !== want[i]) problems.push(`${CLIP_INPUT} dim ${i} is ${input.shape[i]}, expected ${want[i]}`);
  }
  const output = sig.outputs.find((t) => t.name === CLIP_OUTPUT);
  let dim: number | null = null;
  if (!output) problems.push(`no output named ${CLIP_OUTPUT}${sig.outputs.some((t) => t.name === 'pooler_output' || t.name === 'last_hidden_state') ? ' (a vision tower without the projection: export CLIPVisionModelWithProjection)' : ''}`);
  else {
    if (output.type !== 'float32') problems.push(`${CLIP_OUTPUT} is ${output.type}, expected float32`);
    if (output.shape.length !== 2) problems.push(`${CLIP_OUTPUT} has ${output.shape.length} dims [${output.shape.join(',')}], expected 2 [N,D]`);
    else if (fixed(output.shape[1])) {
      if (output.shape[1] < 2) problems.push(`${CLIP_OUTPUT} dim 1 is ${output.shape[1]}, expected the embedding size D (512 or 768)`);
      else dim = output.shape[1];
    }
  }
  if (problems.length > 0) {
    throw new ClipModelError(ClipErrorCode.ModelMismatch, `${file} is not a CLIP image encoder this stage can run: ${problems.join('; ')}. Expected ${EXPECTED_SIGNATURE}; found ${formatSignature(sig)}`);
  }
  return { dim };
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function stampOf(file: string): Promise<string | null> {
  const st = await fs.stat(file).catch(() => null);
  return st?.isFile() ? `${st.size}:${st.mtimeMs}:${st.ino}` : null;
}

// Digests by file and stat stamp: a worker hashes an unchanged model once, not once per frame.
const digests = new Map<string, { readonly stamp: string; readonly sha256: string }>();

/** A model file found and hashed (once per change of its stat), checked against a pinned digest if one is given. */
export async function resolveClipModel(model: string, pinned = ''): Promise<{ readonly file: string; readonly sha256: string }> {
  if (!model) {
    throw new ClipModelError(ClipErrorCode.ModelMissing, `clip-embed needs config "model": the path of a CLIP image-encoder ONNX file (${EXPECTED_SIGNATURE}); Winnow never downloads models, see the stage README`);
  }
  const file = path.resolve(model);
  const stamp = await stampOf(file);
  if (!stamp) {
    throw new ClipModelError(ClipErrorCode.ModelMissing, `CLIP model file ${file} does not exist or is not a file (expected a CLIP image-encoder ONNX file: ${EXPECTED_SIGNATURE})`);
  }
  const known = digests.get(file);
  let sha256 = known?.stamp === stamp ? known.sha256 : '';
  if (!sha256) {
    sha256 = await sha256File(file);
    digests.set(file, { stamp, sha256 });
  }
  if (pinned && pinned.toLowerCase() !== sha256) {
    throw new ClipModelError(ClipErrorCode.ModelDigest, `CLIP model file ${file} has sha256 ${sha256}, expected ${pinned.toLowerCase()} (config "sha256"): the file changed since it was pinned`);
  }
  return { file, sha256 };
}

export interface ClipModelOptions {
  readonly model: string;
  readonly sha256?: string;
  readonly provider: 'auto' | 'cpu' | 'cuda';
  readonly threads: number;
}

/** One loaded, checked CLIP image encoder. */
export interface ClipModel {
  readonly file: string;
  readonly sha256: string;
  readonly provider: 'cpu' | 'cuda';
  readonly dim: number | null;
  /** Runs the encoder on `n` pictures of CHW pixel values (n x 3 x 224 x 224) and returns n raw embeddings. */
  embed(pixels: Float32Array, n?: number): Promise<Float32Array[]>;
  release(): Promise<void>;
}

// One session per model file content, per worker thread (worker threads keep stage modules loaded between
// tasks). Keyed by path AND sha256, so a different file at the same path gets a new session.
const sessions = new Map<string, Promise<ClipModel>>();

/** The encoder for these options: resolved, hashed, loaded once per worker and content, signature checked. */
export async function clipModel(opts: ClipModelOptions): Promise<ClipModel> {
  const { file, sha256 } = await resolveClipModel(opts.model, opts.sha256);
  const key = JSON.stringify([file, sha256, opts.provider, opts.threads]);
  let p = sessions.get(key);
  if (!p) {
    p = openClipModel(file, sha256, opts);
    sessions.set(key, p);
    const opening = p;
    opening.catch(() => sessions.get(key) === opening && sessions.delete(key));
  }
  return p;
}

/** Drops every cached session (tests; a daemon reloading models). */
export async function releaseClipModels(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const p of all) await p.then((m) => m.release()).catch(() => undefined);
}

function cudaLikely(): boolean {
  return existsSync('/dev/nvidia0') || Boolean(process.env.CUDA_VISIBLE_DEVICES);
}

/** Opens and checks a resolved model file, uncached: the caller releases it. */
export async function openClipModel(file: string, sha256: string, opts: Pick<ClipModelOptions, 'provider' | 'threads'>): Promise<ClipModel> {
  const rt = loadOrt();
  const base: Ort.InferenceSession.SessionOptions = { intraOpNumThreads: opts.threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3 };
  let session: Ort.InferenceSession | null = null;
  let provider: 'cpu' | 'cuda' = 'cpu';
  if (opts.provider === 'cuda' || (opts.provider === 'auto' && cudaLikely())) {
    try {
      session = await rt.InferenceSession.create(file, { ...base, executionProviders: ['cuda'] });
      provider = 'cuda';
    } catch (e) {
      if (opts.provider === 'cuda') throw new ClipModelError(ClipErrorCode.Inference, `CLIP model ${file}: the CUDA execution provider is not usable here: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  try {
    session ??= await rt.InferenceSession.create(file, { ...base, executionProviders: ['cpu'] });
  } catch (e) {
    throw new ClipModelError(ClipErrorCode.ModelMismatch, `CLIP model ${file} is not a loadable ONNX model: ${(e as Error).message.split('\n')[0]}`);
  }
  let checked: ClipSignature;
  try {
    checked = checkClipSignature(signatureOf(session), file);
  } catch (e) {
    await session.release().catch(() => undefined);
    throw e;
  }
  const s = session;
  const plane = 3 * CLIP_SIZE * CLIP_SIZE;
  const model: ClipModel = {
    file,
    sha256,
    provider,
    dim: checked.dim,
    release: () => s.release(),
    async embed(pixels: Float32Array, n = 1): Promise<Float32Array[]> {
      if (pixels.length !== n * plane) throw new RangeError(`pixel_values has ${pixels.length} values, expected ${n} x ${plane}`);
      const out = (await s.run({ [CLIP_INPUT]: new rt.Tensor('float32', pixels, [n, 3, CLIP_SIZE, CLIP_SIZE]) }, [CLIP_OUTPUT]))[CLIP_OUTPUT];
      const dims = out.dims;
      if (out.type !== 'float32' || dims.length !== 2 || dims[0] !== n || (checked.dim !== null && dims[1] !== checked.dim)) {
        throw new ClipModelError(ClipErrorCode.ModelMismatch, `CLIP model ${file} returned ${CLIP_OUTPUT} ${out.type} [${dims.join(',')}] for ${n} picture(s), expected float32 [${n},${checked.dim ?? 'D'}]`);
      }
      const data = out.data as Float32Array;
      const d = dims[1];
      return Array.from({ length: n }, (_, i) => data.slice(i * d, (i + 1) * d));
    },
  };
  return model;
}
