import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type * as ort from 'onnxruntime-node';
import { loadOrt } from './ort';
import { AnnotateError, AnnotateErrorCode } from './errors';
import { signatureOf, type ModelSignature } from './model-signature';
import { recogniseModel, type Recognised } from './recognise-model';

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface ModelFileInfo extends Recognised {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly signature: ModelSignature;
  /** Producer and graph metadata the file carries (e.g. a fake's marker). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Opens the file with onnxruntime (CPU), reads its signature, hashes it and recognises the export. */
export async function inspectModelFile(file: string): Promise<ModelFileInfo> {
  const abs = path.resolve(file);
  const stat = await fs.stat(abs).catch(() => null);
  if (!stat?.isFile()) {
    throw new AnnotateError(AnnotateErrorCode.ModelNotFound, `model file ${abs} does not exist`, { suggestions: ['give the path of a local .onnx file: Winnow never downloads models'] });
  }
  let session: ort.InferenceSession;
  try {
    session = await loadOrt().InferenceSession.create(abs, { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 });
  } catch (e) {
    throw new AnnotateError(AnnotateErrorCode.ModelMismatch, `${abs} is not a loadable ONNX model: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    const signature = signatureOf(session);
    const recognised = recogniseModel(signature, abs);
    const metadata = readMetadata(session);
    return { ...recognised, path: abs, bytes: stat.size, sha256: await sha256File(abs), signature, metadata };
  } finally {
    await session.release();
  }
}

function readMetadata(session: ort.InferenceSession): Record<string, string> {
  const meta = (session as unknown as { metadata?: { customMetadataMap?: Record<string, string> } }).metadata;
  return { ...(meta?.customMetadataMap ?? {}) };
}
