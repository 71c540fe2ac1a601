import type { FrameView } from '@winnow/sdk';

/**
 * 256-bin histogram of one-channel 8-bit samples (the first channel of a multi-channel view). Neighbouring
 * pixels mostly fall in the same bin, so one counter would be incremented back to back, each increment waiting
 * for the last; four counters per bin, one per pixel of each run of four, let those increments overlap.
 */
export function lumaHistogram(view: FrameView): Uint32Array {
  const d = view.data;
  const n = view.width * view.height;
  const step = view.channels;
  const lanes = new Uint32Array(4 * 256);
  let p = 0;
  for (let i = 0; p + 4 <= n; p += 4, i += 4 * step) {
    lanes[d[i]]++;
    lanes[256 + d[i + step]]++;
    lanes[512 + d[i + 2 * step]]++;
    lanes[768 + d[i + 3 * step]]++;
  }
  for (; p < n; p++) lanes[d[p * step]]++;
  const hist = new Uint32Array(256);
  for (let b = 0; b < 256; b++) hist[b] = lanes[b] + lanes[256 + b] + lanes[512 + b] + lanes[768 + b];
  return hist;
}
