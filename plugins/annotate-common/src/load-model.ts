import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { AnnotateError, AnnotateErrorCode } from './errors';
import { sha256File } from './model-file';
import { registryPath, type RegisteredModel } from './model-registry';
import { signatureOf, type ModelSignature } from './model-signature';
import { recogniseModel, requireKind, type ModelKind } from './recognise-model';
import type { ModelRef } from './schema';

/** How a stage asks for a model: a registered name or a path, and how to run it. */
export interface ModelRequest {
  /** A name from `winnow models add`, or a path to a local .onnx file. */
  readonly model: string;
  /** Expected sha256; a file with another digest is refused. Registered models always carry one. */
  readonly sha256?: string;
  /** The workspace whose registry resolves names. */
  readonly workspace: string;
  /** `auto` uses CUDA when the runtime can load it, CPU otherwise. */
  readonly provider: 'auto' | 'cpu' | 'cuda';
  /** Intra-op threads per session; each worker thread is one core's worth of work. */
  readonly threads: number;
  readonly kinds: readonly ModelKind[];
}

export interface LoadedModel {
  readonly session: ort.InferenceSession;
  readonly kind: ModelKind;
  readonly signature: ModelSignature;
  readonly ref: ModelRef;
  /** The execution provider the session actually got. */
  readonly provider: 'cpu' | 'cuda';
  readonly path: string;
}

// Worker threads cache stage modules, so this map loads each model once per worker.
const sessions = new Map<string, Promise<LoadedModel>>();

/** Loads (once per process or worker thread) and checks a model: digest, known export, expected kind. */
export function loadModel(req: ModelRequest): Promise<LoadedModel> {
  const key = JSON.stringify([req.model, req.sha256 ?? '', path.resolve(req.workspace), req.provider, req.threads, req.kinds]);
  let p = sessions.get(key);
  if (!p) {
    p = open(req);
    sessions.set(key, p);
    p.catch(() => sessions.delete(key));
  }
  return p;
}

/** Drops every cached session (tests, and a daemon that reloads models). */
export async function releaseModels(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const p of all) await p.then((m) => m.session.release()).catch(() => undefined);
}

async function resolve(req: ModelRequest): Promise<{ file: string; name: string; sha256?: string; version: string }> {
  const looksLikePath = req.model.includes('/') || req.model.includes(path.sep) || req.model.endsWith('.onnx');
  if (!looksLikePath) {
    const reg = registryPath(req.workspace);
    const models = existsSync(reg) ? (JSON.parse(await fs.readFile(reg, 'utf8')) as { models: Record<string, RegisteredModel> }).models : {};
    const entry = models[req.model];
    if (!entry) {
      throw new AnnotateError(AnnotateErrorCode.ModelNotFound, `model ${JSON.stringify(req.model)} is not registered in ${reg} and is not a path`, {
        suggestions: [`register it: winnow models add ${req.model} PATH/TO/MODEL.onnx`, 'or give the path of the .onnx file'],
      });
    }
    if (req.sha256 && req.sha256 !== entry.sha256) throw digestError(entry.path, req.sha256, entry.sha256);
    return { file: entry.path, name: entry.name, sha256: entry.sha256, version: entry.sha256.slice(0, 12) };
  }
  const file = path.resolve(req.model);
  return { file, name: path.basename(file, '.onnx'), sha256: req.sha256, version: '' };
}

function digestError(file: string, expected: string, found: string): AnnotateError {
  return new AnnotateError(AnnotateErrorCode.ModelDigest, `${file} has sha256 ${found}, expected ${expected}: the file changed since it was registered or configured`, {
    suggestions: ['register the new file again (winnow models add NAME PATH --replace) or restore the old one'],
  });
}

function cudaLikely(): boolean {
  return existsSync('/dev/nvidia0') || Boolean(process.env.CUDA_VISIBLE_DEVICES);
}

async function open(req: ModelRequest): Promise<LoadedModel> {
  const r = await resolve(req);
  if (!existsSync(r.file)) {
    throw new AnnotateError(AnnotateErrorCode.ModelNotFound, `model file ${r.file} does not exist`, { suggestions: ['Winnow never downloads models: see the stage README for where to get the export'] });
  }
  const sha256 = await sha256File(r.file);
  if (r.sha256 && r.sha256 !== sha256) throw digestError(r.file, r.sha256, sha256);
  const base: ort.InferenceSession.SessionOptions = { intraOpNumThreads: req.threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3 };
  let session: ort.InferenceSession | null = null;
  let provider: 'cpu' | 'cuda' = 'cpu';
  if (req.provider === 'cuda' || (req.provider === 'auto' && cudaLikely())) {
    try {
      session = await ort.InferenceSession.create(r.file, { ...base, executionProviders: ['cuda'] });
      provider = 'cuda';
    } catch (e) {
      if (req.provider === 'cuda') throw new AnnotateError(AnnotateErrorCode.BadInput, `CUDA execution provider is not usable here: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  session ??= await ort.InferenceSession.create(r.file, { ...base, executionProviders: ['cpu'] });
  const signature = signatureOf(session);
  const recognised = recogniseModel(signature, r.file);
  requireKind(recognised, req.kinds, r.file);
  return { session, kind: recognised.kind, signature, provider, path: r.file, ref: { name: r.name, kind: recognised.kind, version: r.version || sha256.slice(0, 12), sha256 } };
}
