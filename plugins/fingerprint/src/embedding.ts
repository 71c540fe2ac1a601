/** How an embedding is stored in a `clip-embed` record. */
export type EmbeddingEncoding = 'int8' | 'float32';

/** The stored form of one L2-normalised embedding. */
export interface StoredEmbedding {
  /** base64 of the vector: int8 values (times `scale`) or little-endian float32. */
  readonly embedding: string;
  readonly encoding: EmbeddingEncoding;
  /** int8 only: the value of one step (max |x| / 127); null for float32. */
  readonly scale: number | null;
  readonly dim: number;
}

/** The unit vector along `v` and the length it had. A zero or non-finite vector is refused. */
export function l2Normalise(v: ArrayLike<number>): { readonly unit: Float32Array; readonly norm: number } {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i] * v[i];
  const norm = Math.sqrt(sq);
  if (!Number.isFinite(norm) || norm === 0) throw new RangeError(`embedding has no direction (L2 norm ${norm})`);
  const unit = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) unit[i] = v[i] / norm;
  return { unit, norm };
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/**
 * Stores a unit vector compactly. int8: each component rounded to a step of max|x|/127 (512 bytes for 512
 * dims, 684 base64 characters; the cosine of a vector with its decoded self stays above 0.9999).
 */
export function encodeEmbedding(unit: Float32Array, encoding: EmbeddingEncoding): StoredEmbedding {
  if (encoding === 'float32') {
    const bytes = Buffer.alloc(unit.length * 4);
    for (let i = 0; i < unit.length; i++) bytes.writeFloatLE(unit[i], i * 4);
    return { embedding: bytes.toString('base64'), encoding, scale: null, dim: unit.length };
  }
  let max = 0;
  for (let i = 0; i < unit.length; i++) max = Math.max(max, Math.abs(unit[i]));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Int8Array(unit.length);
  for (let i = 0; i < unit.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(unit[i] / scale)));
  return { embedding: Buffer.from(q.buffer).toString('base64'), encoding, scale, dim: unit.length };
}

/** The unit vector of a stored embedding (renormalised after int8 dequantisation). */
export function decodeEmbedding(stored: Pick<StoredEmbedding, 'embedding' | 'encoding' | 'scale' | 'dim'>): Float32Array {
  const bytes = Buffer.from(stored.embedding, 'base64');
  const out = new Float32Array(stored.dim);
  if (stored.encoding === 'float32') {
    if (bytes.length !== stored.dim * 4) throw new RangeError(`float32 embedding has ${bytes.length} bytes, expected ${stored.dim * 4}`);
    if (littleEndian()) out.set(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)));
    else for (let i = 0; i < stored.dim; i++) out[i] = bytes.readFloatLE(i * 4);
    return out;
  }
  if (stored.encoding !== 'int8') throw new RangeError(`unknown embedding encoding ${JSON.stringify(stored.encoding)}`);
  if (bytes.length !== stored.dim) throw new RangeError(`int8 embedding has ${bytes.length} bytes, expected ${stored.dim}`);
  const scale = stored.scale ?? 1;
  let sq = 0;
  for (let i = 0; i < stored.dim; i++) {
    const v = ((bytes[i] << 24) >> 24) * scale;
    out[i] = v;
    sq += v * v;
  }
  const norm = Math.sqrt(sq);
  if (norm > 0) for (let i = 0; i < stored.dim; i++) out[i] /= norm;
  return out;
}

/** Cosine similarity of two unit vectors (their dot product), in [-1, 1]. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`embeddings of ${a.length} and ${b.length} dims cannot be compared`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return Math.max(-1, Math.min(1, dot));
}

/** A record field set that looks like a stored embedding (what `dedup-semantic` accepts from `clip-embed`). */
export function isStoredEmbedding(r: unknown): r is StoredEmbedding & { readonly model_sha256: string } {
  const x = r as Partial<StoredEmbedding & { model_sha256: string }> | null;
  return !!x && typeof x.embedding === 'string' && (x.encoding === 'int8' || x.encoding === 'float32') && typeof x.dim === 'number' && typeof x.model_sha256 === 'string';
}
