import type { FrameView } from '@winnow/sdk';
import { resampleArea } from './area-resample';
import { loadSharp } from './load-sharp';
import { fitInside, type DecodePlan } from './decode-plan';
import { lumaFromInterleaved, toRgb } from './luma';

/**
 * Decodes one encoded frame once and derives every view of the plan from that decode.
 * `width`/`height` are the frame's stored size (from the catalog), so no second header parse is needed.
 * Throws on any decoder warning (truncated data, bad markers): a damaged frame is reported, not guessed at.
 */
export async function decodeFrame(data: Buffer, width: number, height: number, plan: DecodePlan): Promise<Record<string, FrameView>> {
  const base = fitInside(width, height, plan.maxSide);
  let pipeline = loadSharp()(data, { failOn: 'warning', sequentialRead: true });
  if (base.width !== width || base.height !== height) pipeline = pipeline.resize({ width: base.width, height: base.height, fit: 'fill' });
  const { data: raw, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const pixels = info.width * info.height;
  const px = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const grey = !plan.grey ? null : info.channels >= 3 ? lumaFromInterleaved(px, pixels, info.channels) : info.channels === 1 ? px : takeFirstChannel(px, pixels, info.channels);
  const rgb = plan.rgb ? toRgb(px, pixels, info.channels) : null;
  const views: Record<string, FrameView> = {};
  for (const [name, spec] of Object.entries(plan.views)) {
    const size = spec.width !== undefined && spec.height !== undefined ? { width: spec.width, height: spec.height } : fitInside(info.width, info.height, spec.maxSide ?? null);
    const channels = spec.kind === 'rgb' ? 3 : 1;
    const src = (spec.kind === 'rgb' ? rgb : grey) as Uint8Array;
    views[name] = { width: size.width, height: size.height, channels, data: resampleArea(src, info.width, info.height, channels, size.width, size.height) };
  }
  return views;
}

function takeFirstChannel(src: Uint8Array, pixels: number, channels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) out[p] = src[p * channels];
  return out;
}
