export type Box = readonly [number, number, number, number];

/** A detection before it gets a category name and model: contiguous label, xyxy in original pixels. */
export interface Detection {
  readonly box: Box;
  readonly label: number;
  readonly score: number;
}

export function area(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

export function iou(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (area(a) + area(b) - inter);
}

export function clipBox(b: Box, width: number, height: number): Box {
  const c = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  return [c(b[0], width), c(b[1], height), c(b[2], width), c(b[3], height)];
}

/** Greedy non-maximum suppression within each class (boxes of different classes never suppress each other). */
export function nmsClasswise(dets: readonly Detection[], iouThreshold: number): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score || a.label - b.label);
  const kept: Detection[] = [];
  for (const d of sorted) {
    if (kept.every((k) => k.label !== d.label || iou(k.box, d.box) <= iouThreshold)) kept.push(d);
  }
  return kept;
}

/** Rounds to 1/100 px: records stay small and stable across platforms. */
export function roundBox(b: Box): Box {
  const r = (v: number) => Math.round(v * 100) / 100;
  return [r(b[0]), r(b[1]), r(b[2]), r(b[3])];
}
