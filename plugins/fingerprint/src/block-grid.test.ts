import { blockMeans, decodeGrid, encodeGrid, gridSize } from './block-grid';

describe('block grid', () => {
  it('puts 64 blocks on the longer side and the shorter side in proportion', () => {
    expect(gridSize(256, 144)).toEqual({ width: 64, height: 36 });
    expect(gridSize(256, 192)).toEqual({ width: 64, height: 48 });
    expect(gridSize(144, 256)).toEqual({ width: 36, height: 64 });
    expect(gridSize(256, 1)).toEqual({ width: 64, height: 1 });
    expect(gridSize(20, 10)).toEqual({ width: 20, height: 10 });
  });

  it('averages blocks exactly and round-trips through its encoding at 1/64 of a grey level', () => {
    const w = 128;
    const h = 72;
    const v = new Uint8Array(w * h);
    for (let i = 0; i < v.length; i++) v[i] = (i * 7) % 256;
    const g = blockMeans(v, w, h);
    expect(g.width).toBe(64);
    expect(g.height).toBe(36);
    const first = (v[0] + v[1] + v[w] + v[w + 1]) / 4;
    expect(g.means[0]).toBeCloseTo(first, 6);
    const back = decodeGrid(g.width, g.height, encodeGrid(g));
    expect(Array.from(back.means)).toEqual(Array.from(g.means));
  });

  it('refuses an encoding of the wrong length', () => {
    expect(() => decodeGrid(4, 4, 'AAAA')).toThrow(/expected 32 bytes for 4x4, got 3/);
  });
});
