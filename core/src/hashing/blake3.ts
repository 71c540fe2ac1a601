import { createRequire } from 'node:module';

interface Hasher {
  init(): unknown;
  update(data: Uint8Array): unknown;
  digest(format: 'hex'): string;
}

/**
 * BLAKE3 (32-byte digest, hex). The native `@napi-rs/blake-hash` (several GB/s) is used where its prebuilt
 * binary loads; `hash-wasm` (same digest, ~1 GB/s) otherwise. The `blake3` npm package does not install here.
 */
let native: ((data: Uint8Array) => Buffer) | null | undefined;

/** Loaded on first use: a run that reads no new frame (a rerun) does not load the binding. */
function nativeBlake3(): ((data: Uint8Array) => Buffer) | null {
  if (native === undefined) {
    try {
      native = (createRequire(__filename)('@napi-rs/blake-hash') as { blake3(input: Uint8Array): Buffer }).blake3;
    } catch {
      native = null;
    }
  }
  return native;
}

let wasm: Promise<Hasher> | null = null;

export async function blake3Hex(data: Uint8Array): Promise<string> {
  const fast = nativeBlake3();
  if (fast) return fast(data).toString('hex');
  wasm ??= import('hash-wasm').then((m) => m.createBLAKE3());
  const h = await wasm;
  h.init();
  h.update(data);
  return h.digest('hex');
}
