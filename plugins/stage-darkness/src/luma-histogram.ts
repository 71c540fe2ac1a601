import type { FrameView } from '@winnow/sdk';

/** 256-bin histogram of one-channel 8-bit samples (the first channel of a multi-channel view). */
export function lumaHistogram(view: FrameView): Uint32Array {
  const hist = new Uint32Array(256);
  const d = view.data;
  const n = view.width * view.height;
  const step = view.channels;
  for (let p = 0; p < n; p++) hist[d[p * step]]++;
  return hist;
}
