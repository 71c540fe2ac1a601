import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type * as ort from 'onnxruntime-node';
import { loadOrt } from './ort';
import { AnnotateError, AnnotateErrorCode } from './errors';
import { sha256File } from './model-file';
import { registryPath, type RegisteredModel } from './model-registry';
import { signatureOf, type ModelSignature } from './model-signature';
import { recogniseModel, requireKind, type ModelKind } from './recognise-model';
import type { ModelRef } from './schema';

/** Where a model comes from: a registered name or a path, and the digest it must have. */
export interface ModelSource {
  /** A name from `winnow models add`, or a path to a local .onnx file. */
  readonly model: string;
  /** Expected sha256; a file with another digest is refused. Registered models are always checked against the registry. */
  readonly sha256?: string;
  /** The workspace whose registry resolves names (the stage context's `workspace`). */
  readonly workspace: string;
  /** The kinds the caller accepts; a registered model of another kind is refused without opening it. */
  readonly kinds?: readonly ModelKind[];
  /** What the model is for, in errors (e.g. `yolox model`, `sam2 encoder`). @default 'model' */
  readonly role?: string;
}

/** How a stage asks for a model: where it comes from and how to run it. */
export interface ModelRequest extends ModelSource {
  /** `auto` uses CUDA when the runtime can load it, CPU otherwise. */
  readonly provider: 'auto' | 'cpu' | 'cuda';
  /** Intra-op threads per session; each worker thread is one core's worth of work. */
  readonly threads: number;
  readonly kinds: readonly ModelKind[];
}

/** A model file found and verified: its current sha256 matches the registry and any configured digest. */
export interface ResolvedModel {
  readonly file: string;
  readonly name: string;
  readonly sha256: string;
  /** The registry's kind for a registered model; undefined for a path (known only once opened). */
  readonly registeredKind?: ModelKind;
  readonly version: string;
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

interface Opened {
  readonly model: LoadedModel;
  /** Files whose change makes the session stale: the registry (for a name) and the model file. */
  readonly stamps: readonly (readonly [string, string])[];
}

// Worker threads cache stage modules, so this map loads each model once per worker (again when its file or the
// registry entry changes, e.g. in a long-lived gateway worker).
const sessions = new Map<string, Promise<Opened>>();

/** Loads (once per process or worker thread) and checks a model: digest, known export, expected kind. */
export async function loadModel(req: ModelRequest): Promise<LoadedModel> {
  const key = JSON.stringify([req.model, req.sha256 ?? '', path.resolve(req.workspace), req.provider, req.threads, req.kinds]);
  const cached = sessions.get(key);
  if (cached) {
    const opened = await cached;
    if (await unchanged(opened.stamps)) return opened.model;
    if (sessions.get(key) === cached) sessions.delete(key); // dropped, not released: another task may still use it
  }
  let p = sessions.get(key);
  if (!p) {
    p = open(req);
    sessions.set(key, p);
    const opening = p;
    opening.catch(() => sessions.get(key) === opening && sessions.delete(key));
  }
  return (await p).model;
}

/** Drops every cached session (tests, and a daemon that reloads models). */
export async function releaseModels(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const p of all) await p.then((o) => o.model.session.release()).catch(() => undefined);
}

/** A model given as a path (it has a separator or ends in .onnx) rather than a registered name. */
export function looksLikePath(model: string): boolean {
  return model.includes('/') || model.includes(path.sep) || model.endsWith('.onnx');
}

async function stampOf(file: string): Promise<string> {
  const st = await fs.stat(file).catch(() => null);
  return st ? `${st.size}:${st.mtimeMs}:${st.ino}` : 'missing';
}

async function unchanged(stamps: readonly (readonly [string, string])[]): Promise<boolean> {
  for (const [file, stamp] of stamps) if ((await stampOf(file)) !== stamp) return false;
  return true;
}

// Digests by file and stat, so that a daemon or a rerun does not hash an unchanged large model again.
const digests = new Map<string, { readonly stamp: string; readonly sha256: string }>();

async function digestOf(file: string, stamp: string): Promise<string> {
  const known = digests.get(file);
  if (known?.stamp === stamp) return known.sha256;
  const sha256 = await sha256File(file);
  digests.set(file, { stamp, sha256 });
  return sha256;
}

/**
 * Finds a model's file (through the workspace's registry for a name) and hashes it: a name that is not
 * registered, a file that is missing, a registered model of the wrong kind, or a file whose sha256 is not the
 * registered or configured one fail here, with the model named and what was expected.
 */
export async function resolveModel(src: ModelSource): Promise<ResolvedModel> {
  return (await locate(src)).resolved;
}

async function locate(src: ModelSource): Promise<{ resolved: ResolvedModel; stamps: (readonly [string, string])[] }> {
  const role = src.role ?? 'model';
  const wanted = src.kinds?.length ? `a ${src.kinds.join(' or ')} ONNX model` : 'an ONNX model';
  const stamps: (readonly [string, string])[] = [];
  let file: string;
  let name: string;
  let registered: RegisteredModel | undefined;
  if (!looksLikePath(src.model)) {
    const reg = registryPath(src.workspace);
    stamps.push([reg, await stampOf(reg)]);
    const models = existsSync(reg) ? (JSON.parse(await fs.readFile(reg, 'utf8')) as { models: Record<string, RegisteredModel> }).models : {};
    registered = models[src.model];
    if (!registered) {
      throw new AnnotateError(AnnotateErrorCode.ModelNotFound, `${role} ${JSON.stringify(src.model)} is not registered in ${reg} and is not a path: expected ${wanted}, registered by that name or given as a path to a local .onnx file`, {
        suggestions: [`register it: winnow models add ${src.model} PATH/TO/MODEL.onnx --workspace ${path.resolve(src.workspace)}`, 'or give the path of the .onnx file'],
        details: { model: src.model, role, registry: reg, expected: src.kinds ?? [] },
      });
    }
    if (src.kinds?.length && !src.kinds.includes(registered.kind)) {
      throw new AnnotateError(AnnotateErrorCode.ModelMismatch, `${role} ${JSON.stringify(src.model)} is registered as a ${registered.kind} model (${registered.path}); this step needs one of: ${src.kinds.join(', ')}`, {
        details: { model: src.model, role, found: registered.kind, expected: src.kinds },
      });
    }
    if (src.sha256 && src.sha256 !== registered.sha256) throw digestError(registered.path, src.sha256, registered.sha256, role, src.model);
    file = registered.path;
    name = registered.name;
  } else {
    file = path.resolve(src.model);
    name = path.basename(file, '.onnx');
  }
  const stamp = await stampOf(file);
  stamps.push([file, stamp]);
  if (stamp === 'missing' || !(await fs.stat(file)).isFile()) {
    throw new AnnotateError(AnnotateErrorCode.ModelNotFound, `${role} ${JSON.stringify(src.model)}: model file ${file} does not exist (expected ${wanted}${registered ? `, registered with sha256 ${registered.sha256}` : ''})`, {
      suggestions: ['Winnow never downloads models: see the stage README for where to get the export', ...(registered ? [`restore the file or register another: winnow models add ${registered.name} PATH --replace`] : [])],
      details: { model: src.model, role, file, expected: src.kinds ?? [] },
    });
  }
  const sha256 = await digestOf(file, stamp);
  if (registered && registered.sha256 !== sha256) throw digestError(file, registered.sha256, sha256, role, src.model);
  if (src.sha256 && src.sha256 !== sha256) throw digestError(file, src.sha256, sha256, role, src.model);
  return { resolved: { file, name, sha256, registeredKind: registered?.kind, version: registered ? registered.sha256.slice(0, 12) : '' }, stamps };
}

/** What one model contributes to a stage's cache key: `model:<key>` -> the sha256 of the file it resolves to. */
export interface FingerprintModel extends Omit<ModelSource, 'workspace'> {
  /** The key's suffix, e.g. `detector`, `cascade`, `encoder`. */
  readonly key: string;
}

/**
 * Key material of a stage's models, for `fingerprint`: every named model resolved and hashed once per run in
 * the host, so a model file that changes (or a name registered again for another file) changes the cache key,
 * and a missing model fails the run at load. Empty `model` entries (an unset optional model) are left out.
 */
export async function modelFingerprint(workspace: string, models: readonly FingerprintModel[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const m of models) {
    if (!m.model) continue;
    out[`model:${m.key}`] = (await resolveModel({ ...m, sha256: m.sha256 || undefined, workspace })).sha256;
  }
  return out;
}

function digestError(file: string, expected: string, found: string, role: string, model: string): AnnotateError {
  return new AnnotateError(AnnotateErrorCode.ModelDigest, `${role} ${JSON.stringify(model)}: ${file} has sha256 ${found}, expected ${expected}: the file changed since it was registered or configured`, {
    suggestions: ['register the new file again (winnow models add NAME PATH --replace) or restore the old one'],
    details: { model, role, file, expected, found },
  });
}

function cudaLikely(): boolean {
  return existsSync('/dev/nvidia0') || Boolean(process.env.CUDA_VISIBLE_DEVICES);
}

async function open(req: ModelRequest): Promise<Opened> {
  const { resolved: r, stamps } = await locate(req);
  const base: ort.InferenceSession.SessionOptions = { intraOpNumThreads: req.threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3 };
  let session: ort.InferenceSession | null = null;
  let provider: 'cpu' | 'cuda' = 'cpu';
  if (req.provider === 'cuda' || (req.provider === 'auto' && cudaLikely())) {
    try {
      session = await loadOrt().InferenceSession.create(r.file, { ...base, executionProviders: ['cuda'] });
      provider = 'cuda';
    } catch (e) {
      if (req.provider === 'cuda') throw new AnnotateError(AnnotateErrorCode.BadInput, `CUDA execution provider is not usable here: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  try {
    session ??= await loadOrt().InferenceSession.create(r.file, { ...base, executionProviders: ['cpu'] });
  } catch (e) {
    throw new AnnotateError(AnnotateErrorCode.ModelMismatch, `${req.role ?? 'model'} ${JSON.stringify(req.model)}: ${r.file} is not a loadable ONNX model: ${(e as Error).message.split('\n')[0]}`);
  }
  const signature = signatureOf(session);
  try {
    const recognised = recogniseModel(signature, r.file);
    requireKind(recognised, req.kinds, r.file);
    return { model: { session, kind: recognised.kind, signature, provider, path: r.file, ref: { name: r.name, kind: recognised.kind, version: r.version || r.sha256.slice(0, 12), sha256: r.sha256 } }, stamps };
  } catch (e) {
    await session.release().catch(() => undefined);
    throw e;
  }
}
