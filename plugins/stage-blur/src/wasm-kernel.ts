import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TileSums } from './block-floor';

/** The part of the WebAssembly API used here (this project's TypeScript libs do not declare it). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: unknown };
}

interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  lapU8(src: number, out: number, width: number, height: number): void;
  lapI32(src: number, out: number, width: number, height: number): void;
  tiles8(src: number, width: number, height: number, dst: number): void;
  inputSum(): bigint;
  sum(): bigint;
  squares(): bigint;
}

/** The sums of one Laplacian pass. */
export interface PassSums {
  readonly inputSum: number;
  readonly sum: number;
  readonly squares: number;
}

/** Both Laplacian passes of a grey view and the 8x8 tile sums of the second, as sharpness.ts needs them. */
export interface SharpnessPasses {
  readonly first: PassSums;
  readonly second: PassSums;
  readonly tiles: TileSums;
}

/** Lane sums of the 8-bit pass stay exact in int32 up to this width (see laplacian.wat). */
const MAX_WIDTH = 4096;
const PAGE = 65536;

let kernel: KernelExports | null | undefined;

/** The WebAssembly SIMD kernel (dist/laplacian.wasm, built from src/laplacian.wat), or null where it cannot load. */
function loadKernel(): KernelExports | null {
  if (kernel === undefined) {
    try {
      const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
      kernel = new wasm.Instance(new wasm.Module(readFileSync(path.join(__dirname, 'laplacian.wasm')))).exports as KernelExports;
    } catch {
      kernel = null;
    }
  }
  return kernel;
}

const align16 = (n: number) => (n + 15) & ~15;

function sumsOf(k: KernelExports): PassSums {
  return { inputSum: Number(k.inputSum()), sum: Number(k.sum()), squares: Number(k.squares()) };
}

/**
 * The passes by the SIMD kernel: the same exact integers as the JS loops, about 5x faster. Null when the kernel
 * does not apply (no WebAssembly SIMD, a view narrower or shorter than 3 or wider than 4,096, tiles other than 8).
 */
export function wasmSharpnessPasses(grey: Uint8Array, width: number, height: number, block: number): SharpnessPasses | null {
  if (block !== 8 || width < 3 || height < 3 || width > MAX_WIDTH) return null;
  const k = loadKernel();
  if (!k) return null;
  const n = width * height;
  const tiles = Math.floor(width / 8) * Math.floor(height / 8);
  const first = align16(n);
  const second = first + 4 * n;
  const pairs = second + 4 * n;
  const needed = pairs + 16 * tiles;
  if (k.memory.buffer.byteLength < needed) k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / PAGE));
  new Uint8Array(k.memory.buffer, 0, n).set(grey.subarray(0, n));
  k.lapU8(0, first, width, height);
  const firstSums = sumsOf(k);
  k.lapI32(first, second, width, height);
  const secondSums = sumsOf(k);
  k.tiles8(second, width, height, pairs);
  const interleaved = new Float64Array(k.memory.buffer, pairs, 2 * tiles);
  const sums = new Float64Array(tiles);
  const squares = new Float64Array(tiles);
  for (let t = 0; t < tiles; t++) {
    sums[t] = interleaved[2 * t];
    squares[t] = interleaved[2 * t + 1];
  }
  return { first: firstSums, second: secondSums, tiles: { block: 8, sums, squares } };
}
