/** Synthetic grey pictures for tests: a deterministic textured scene, noise, and a moving square. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Scene {
  readonly width: number;
  readonly height: number;
  /** Square object: top-left x, y, side and grey level; absent for an empty scene. */
  readonly square?: { x: number; y: number; side: number; level: number };
  /** Gaussian-ish noise amplitude (grey levels) and its seed. */
  readonly noise?: number;
  readonly seed?: number;
  /** Exposure change applied last: v * gain + offset. */
  readonly gain?: number;
  readonly offset?: number;
}

export function picture(s: Scene): Uint8Array {
  const out = new Uint8Array(s.width * s.height);
  const next = rng(s.seed ?? 1);
  for (let y = 0; y < s.height; y++) {
    for (let x = 0; x < s.width; x++) {
      let v = 100 + 40 * Math.sin(x / 9) * Math.cos(y / 13) + 20 * Math.sin((x + 2 * y) / 31);
      const q = s.square;
      if (q && x >= q.x && x < q.x + q.side && y >= q.y && y < q.y + q.side) v = q.level;
      if (s.noise) v += s.noise * (next() + next() + next() - 1.5) * 2;
      v = v * (s.gain ?? 1) + (s.offset ?? 0);
      out[y * s.width + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return out;
}
