import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AnnotateError, AnnotateErrorCode } from './errors';
import { inspectModelFile } from './model-file';
import type { ModelSignature } from './model-signature';
import type { ModelKind } from './recognise-model';

/** One registered model: a local file, pinned by digest. */
export type RegisteredModel = {
  readonly name: string;
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly kind: ModelKind;
  readonly family: 'detector' | 'segmenter';
  readonly description: string;
  readonly signature: ModelSignature;
  readonly addedAt: string;
};

type RegistryFile = { readonly version: 1; readonly models: Record<string, RegisteredModel> };

const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** Where a workspace keeps its model registry. */
export function registryPath(workspace: string): string {
  return path.join(path.resolve(workspace), 'models', 'registry.json');
}

/**
 * The workspace's models by name (`<workspace>/models/registry.json`). Adding checks the file (it must load,
 * be a known export, and of the expected kind when one is given) and records its sha256 and signature.
 */
export class ModelRegistry {
  readonly file: string;

  constructor(workspace: string) {
    this.file = registryPath(workspace);
  }

  async list(): Promise<RegisteredModel[]> {
    return Object.values((await this.#read()).models).sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<RegisteredModel | undefined> {
    return (await this.#read()).models[name];
  }

  async add(name: string, file: string, options: { expect?: ModelKind; replace?: boolean } = {}): Promise<RegisteredModel> {
    if (!NAME.test(name)) throw new AnnotateError(AnnotateErrorCode.Registry, `model name ${JSON.stringify(name)} is not valid: use lowercase letters, digits, dots, dashes and underscores`);
    const info = await inspectModelFile(file);
    if (options.expect && info.kind !== options.expect) {
      throw new AnnotateError(AnnotateErrorCode.ModelMismatch, `${info.path} is a ${info.kind} model (${info.description}), expected ${options.expect}`, { details: { expected: options.expect, found: info.kind } });
    }
    const current = await this.#read();
    const existing = current.models[name];
    if (existing && !options.replace && existing.sha256 !== info.sha256) {
      throw new AnnotateError(AnnotateErrorCode.Registry, `model ${name} is already registered for ${existing.path} (sha256 ${existing.sha256.slice(0, 12)}...)`, { suggestions: ['pass --replace to point the name at the new file'] });
    }
    const entry: RegisteredModel = { name, path: info.path, sha256: info.sha256, bytes: info.bytes, kind: info.kind, family: info.family, description: info.description, signature: info.signature, addedAt: new Date().toISOString() };
    await this.#write({ version: 1, models: { ...current.models, [name]: entry } });
    return entry;
  }

  async #read(): Promise<RegistryFile> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, models: {} };
      throw e;
    }
    const parsed = JSON.parse(text) as RegistryFile;
    if (parsed.version !== 1) throw new AnnotateError(AnnotateErrorCode.Registry, `${this.file} has version ${String(parsed.version)}, this Winnow reads version 1`);
    return parsed;
  }

  async #write(data: RegistryFile): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(data, null, 2) + '\n');
    await fs.rename(tmp, this.file);
  }
}
