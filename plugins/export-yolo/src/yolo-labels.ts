import { contiguousOf, decodeRle, maskToPolygons, type AnnotationObject } from '@winnow/annotate';

const f6 = (v: number) => (Math.round(Math.min(Math.max(v, 0), 1) * 1e6) / 1e6).toString();

/** The YOLO class index of a COCO category: its contiguous COCO-80 index, else its place among `extra`. */
export function classIndex(o: AnnotationObject, extra: readonly number[]): number {
  const c = contiguousOf(o.category_id);
  return c >= 0 ? c : 80 + extra.indexOf(o.category_id);
}

/** One label line: `cls cx cy w h` normalised, or `cls x1 y1 x2 y2 ...` (the largest mask polygon) for segmentation. */
export function labelLine(o: AnnotationObject, cls: number, width: number, height: number, segment: boolean, tolerance: number): string {
  if (segment && o.mask) {
    const [poly] = maskToPolygons(decodeRle(o.mask), width, height, tolerance);
    if (poly) {
      const xy: string[] = [];
      for (let k = 0; k < poly.length; k += 2) xy.push(f6(poly[k] / width), f6(poly[k + 1] / height));
      return `${cls} ${xy.join(' ')}`;
    }
  }
  const [x1, y1, x2, y2] = o.box;
  return `${cls} ${f6((x1 + x2) / 2 / width)} ${f6((y1 + y2) / 2 / height)} ${f6((x2 - x1) / width)} ${f6((y2 - y1) / height)}`;
}

export interface YoloLabel {
  readonly cls: number;
  /** xyxy in pixels (the polygon's bounds for segment lines). */
  readonly box: [number, number, number, number];
  /** Pixel coordinates of a segment line, flat. */
  readonly polygon?: number[];
}

/** Parses a labels/*.txt file back into pixel boxes (for round trips and for checking an export). */
export function readYoloLabels(text: string, width: number, height: number): YoloLabel[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((line, i) => {
      const [c, ...rest] = line.split(/\s+/).map(Number);
      if (!Number.isInteger(c) || rest.some((v) => !Number.isFinite(v) || v < 0 || v > 1)) throw new Error(`label line ${i + 1} is not "cls" then normalised coordinates: ${line}`);
      if (rest.length === 4) {
        const [cx, cy, w, h] = rest;
        return { cls: c, box: [(cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height] };
      }
      if (rest.length < 6 || rest.length % 2 !== 0) throw new Error(`label line ${i + 1} has ${rest.length} coordinates: 4 for a box, or an even number >= 6 for a polygon`);
      const polygon = rest.map((v, k) => v * (k % 2 === 0 ? width : height));
      const xs = polygon.filter((_, k) => k % 2 === 0);
      const ys = polygon.filter((_, k) => k % 2 === 1);
      return { cls: c, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], polygon };
    });
}
