/** BT.601 luma in integer arithmetic: `(77 R + 150 G + 29 B + 128) >> 8`. `channels` is 3 or 4 (alpha ignored). */
export function lumaFromInterleaved(src: Uint8Array, pixels: number, channels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let p = 0, i = 0; p < pixels; p++, i += channels) {
    out[p] = (77 * src[i] + 150 * src[i + 1] + 29 * src[i + 2] + 128) >> 8;
  }
  return out;
}

/** Drops alpha or expands grey so that every pixel has three channels. */
export function toRgb(src: Uint8Array, pixels: number, channels: number): Uint8Array {
  if (channels === 3) return src;
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    if (channels < 3) {
      const v = src[p * channels];
      out[p * 3] = v;
      out[p * 3 + 1] = v;
      out[p * 3 + 2] = v;
    } else {
      out[p * 3] = src[p * channels];
      out[p * 3 + 1] = src[p * channels + 1];
      out[p * 3 + 2] = src[p * channels + 2];
    }
  }
  return out;
}
