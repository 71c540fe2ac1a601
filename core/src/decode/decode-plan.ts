import type { ViewSpec } from '@winnow/sdk';

/** How to decode a frame once so that every requested view can be derived from it. */
export interface DecodePlan {
  /** Longer side of the one decode, or null for full resolution. */
  readonly maxSide: number | null;
  /** Whether any view needs colour (else the decode is reduced to luma right away). */
  readonly rgb: boolean;
  /** Whether any view is grey (else no luma is computed). */
  readonly grey: boolean;
  readonly views: Readonly<Record<string, ViewSpec>>;
}

/** A fixed-size view (thumbnail) is area-averaged from a decode at least this many times its size. */
const FIXED_VIEW_OVERSAMPLE = 8;

export function planDecode(views: Readonly<Record<string, ViewSpec>>): DecodePlan {
  let maxSide: number | null = 0;
  let rgb = false;
  let grey = false;
  for (const spec of Object.values(views)) {
    rgb ||= spec.kind === 'rgb';
    grey ||= spec.kind === 'grey';
    const need = spec.width !== undefined && spec.height !== undefined ? FIXED_VIEW_OVERSAMPLE * Math.max(spec.width, spec.height) : spec.maxSide ?? null;
    if (need === null || maxSide === null) maxSide = null;
    else maxSide = Math.max(maxSide, need);
  }
  return { maxSide: maxSide === 0 ? null : maxSide, rgb, grey, views };
}

/** Size of a frame scaled so its longer side is at most `maxSide` (never enlarged). */
export function fitInside(width: number, height: number, maxSide: number | null): { width: number; height: number } {
  if (maxSide === null || Math.max(width, height) <= maxSide) return { width, height };
  const s = maxSide / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}
