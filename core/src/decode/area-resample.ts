/**
 * Area-average resampling (each output pixel is the mean of the input area it covers, with fractional
 * edge weights), separable, for interleaved 8-bit pixels. Exact for integer factors; used to derive small
 * views (thumbnails, motion and hash inputs) from one decode.
 */
export function resampleArea(src: Uint8Array, sw: number, sh: number, channels: number, dw: number, dh: number): Uint8Array {
  if (dw === sw && dh === sh) return src;
  const xs = weights(sw, dw);
  const ys = weights(sh, dh);
  const tmp = new Float32Array(dw * sh * channels);
  for (let y = 0; y < sh; y++) {
    const row = y * sw * channels;
    for (let ox = 0; ox < dw; ox++) {
      const { first, w } = xs[ox];
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < w.length; k++) acc += w[k] * src[row + (first + k) * channels + c];
        tmp[(y * dw + ox) * channels + c] = acc;
      }
    }
  }
  const out = new Uint8Array(dw * dh * channels);
  for (let oy = 0; oy < dh; oy++) {
    const { first, w } = ys[oy];
    for (let i = 0; i < dw * channels; i++) {
      let acc = 0;
      for (let k = 0; k < w.length; k++) acc += w[k] * tmp[(first + k) * dw * channels + i];
      out[oy * dw * channels + i] = Math.min(255, Math.max(0, Math.round(acc)));
    }
  }
  return out;
}

interface Span {
  first: number;
  w: Float32Array;
}

function weights(n: number, m: number): Span[] {
  const scale = n / m;
  const spans: Span[] = [];
  for (let o = 0; o < m; o++) {
    const a = o * scale;
    const b = (o + 1) * scale;
    const first = Math.floor(a);
    const last = Math.min(n - 1, Math.ceil(b) - 1);
    const w = new Float32Array(last - first + 1);
    for (let i = first; i <= last; i++) w[i - first] = (Math.min(b, i + 1) - Math.max(a, i)) / scale;
    spans.push({ first, w });
  }
  return spans;
}
