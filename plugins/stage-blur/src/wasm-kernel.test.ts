import { describe, expect, it } from '@jest/globals';
import { jsPasses } from './sharpness';
import type * as Kernel from './wasm-kernel';

// The built kernel (npm test builds first): dist/laplacian.wasm assembled from src/laplacian.wat.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { wasmSharpnessPasses } = require('../dist/wasm-kernel') as typeof Kernel;

let seed = 3;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

function picture(w: number, h: number, kind: string): Uint8Array {
  const g = new Uint8Array(w * h);
  for (let i = 0; i < g.length; i++) {
    if (kind === 'noise') g[i] = Math.floor(rnd() * 256);
    else if (kind === 'flat') g[i] = 77;
    else if (kind === 'checker') g[i] = (i + Math.floor(i / w)) % 2 ? 255 : 0; // the largest responses there are
    else g[i] = Math.floor(128 + 60 * Math.sin(i * 0.37) + rnd() * 20);
  }
  return g;
}

const plain = (p: ReturnType<typeof jsPasses>) => ({
  first: { inputSum: p.first.inputSum, sum: p.first.sum, squares: p.first.squares },
  second: { inputSum: p.second.inputSum, sum: p.second.sum, squares: p.second.squares },
  tiles: { block: p.tiles.block, sums: Array.from(p.tiles.sums), squares: Array.from(p.tiles.squares) },
});

describe('WebAssembly SIMD blur kernel', () => {
  const sizes = [[3, 3], [4, 3], [3, 5], [8, 8], [9, 9], [10, 7], [17, 13], [33, 20], [480, 270], [270, 480], [641, 361], [1000, 3], [3, 1000], [4096, 17]] as const;
  it.each(sizes.flatMap(([w, h]) => ['noise', 'flat', 'checker', 'texture'].map((kind) => [w, h, kind] as const)))('gives exactly the JS loops\' sums on %ix%i %s', (w, h, kind) => {
    const g = picture(w, h, kind);
    const wasm = wasmSharpnessPasses(g, w, h, 8);
    expect(wasm).not.toBeNull();
    expect(plain(wasm as ReturnType<typeof jsPasses>)).toEqual(plain(jsPasses(g, w, h)));
  });

  it('declines what it is not exact for, so the JS loops run instead', () => {
    expect(wasmSharpnessPasses(new Uint8Array(2 * 9), 2, 9, 8)).toBeNull();
    expect(wasmSharpnessPasses(new Uint8Array(4097 * 3), 4097, 3, 8)).toBeNull();
    expect(wasmSharpnessPasses(new Uint8Array(64), 8, 8, 16)).toBeNull();
  });
});
